package dev.threadprofiling.threadprof.model;

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

    /**
     * Package prefixes of code that is not the reader's: the JDK and the libraries that start
     * threads for an application (web servers, HTTP clients, test runners, build tools).
     */
    public static final List<String> LIBRARY_PACKAGES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "kotlinx.coroutines.",
            "io.javalin.", "org.eclipse.jetty.", "jakarta.servlet.", "io.netty.", "io.undertow.", "org.apache.catalina.",
            "org.apache.tomcat.", "okhttp3.", "okio.", "org.apache.http.", "org.apache.hc.",
            "com.google.common.util.concurrent.", "org.junit.", "junit.", "org.apache.maven.surefire.",
            "org.gradle.", "worker.org.gradle.");

    private ApplicationFrames() {
    }

    /** Whether {@code frame} is the reader's own code (see the class comment). */
    public static boolean isApplication(StackFrame frame) {
        String className = frame.className();
        for (String prefix : LIBRARY_PACKAGES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
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
}
