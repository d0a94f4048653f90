package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of an application frame: a frame of the code a reader owns (their service,
 * their tests), as opposed to the JDK, thread machinery and the libraries whose pools start
 * threads on the application's behalf. "created by", the CLI's "top application frame", the web
 * view and the leak report all ask this class.
 *
 * <p>A frame is a library frame when its class is in one of {@link #LIBRARY_PACKAGES}; every
 * other frame is an application frame. Test frames are application frames: a test that starts a
 * pool is the line to read, not the pool's own {@code startThread}.
 */
public final class ApplicationFrames {

    /** Packages of the JDK and of the JVM's own tooling. */
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Test runners and build tools: the frames below a test, never the test itself. */
    private static final List<String> TEST_RUNNERS = List.of("org.junit.", "junit.", "org.testng.",
            "org.apache.maven.surefire.", "org.gradle.", "worker.org.gradle.");

    /**
     * Libraries that start threads for an application: web servers, HTTP clients, pools and
     * coroutine runtimes. Their whole packages count, so a server's pool thread is created by the
     * application line that started the server, not by the server's own start-up code.
     */
    private static final List<String> LIBRARIES = List.of(
            "kotlin.", "kotlinx.coroutines.", "jakarta.",
            "io.javalin.", "org.eclipse.jetty.", "io.netty.", "io.undertow.", "org.apache.catalina.",
            "org.apache.tomcat.", "okhttp3.", "okio.", "org.apache.http.", "org.apache.hc.",
            "org.apache.commons.pool2.", "com.google.common.util.concurrent.",
            "org.springframework.scheduling.concurrent.", "org.springframework.core.task.");

    /**
     * Package prefixes of code that is not the reader's: {@link #JDK}, test runners and the
     * libraries that start threads for an application.
     */
    public static final List<String> LIBRARY_PACKAGES = concat(JDK, TEST_RUNNERS, LIBRARIES);

    private ApplicationFrames() {
    }

    /** Whether {@code frame} is the reader's own code (see the class comment). */
    public static boolean isApplication(StackFrame frame) {
        return !startsWithAny(frame.className(), LIBRARY_PACKAGES);
    }

    /** Whether the frame belongs to the JDK ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}). */
    public static boolean isJdk(StackFrame frame) {
        return startsWithAny(frame.className(), JDK);
    }

    /** Whether the frame is a test runner's or build tool's (JUnit, TestNG, Surefire, Gradle). */
    public static boolean isTestRunner(StackFrame frame) {
        return startsWithAny(frame.className(), TEST_RUNNERS);
    }

    /** The innermost application frame of {@code frames} (innermost first), or {@code null} if none. */
    public static StackFrame first(List<StackFrame> frames) {
        for (StackFrame frame : frames) {
            if (isApplication(frame)) {
                return frame;
            }
        }
        return null;
    }

    private static boolean startsWithAny(String className, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
