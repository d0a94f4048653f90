package dev.threadprofiling.threadprof;

import java.util.List;

/**
 * The one definition of an "application frame": code the reader owns and can change, a test's code
 * included. The JDK, thread machinery, test runners and the thread pools of common libraries are
 * not: a pool's {@code startThread} is never the line to fix, the code that made the pool is.
 *
 * <pre>{@code
 * ApplicationFrames.isApplication(frame)          // false for java.util.concurrent.ThreadPoolExecutor.addWorker
 * ApplicationFrames.firstIn(site.frames())        // com.acme.Cache.startRefresher(Cache.java:42)
 * }</pre>
 */
public final class ApplicationFrames {

    /** Packages of the JDK and of the JVM's own tooling. */
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Test runners and build tools: frames below the test, never the test itself. */
    private static final List<String> RUNNERS = List.of("org.junit.", "junit.", "org.apache.maven.surefire.",
            "org.gradle.", "worker.org.gradle.", "org.testng.", "kotlin.jvm.internal.");

    /** Thread and pool machinery of libraries: the code that starts threads on someone's behalf. */
    private static final List<String> LIBRARY_POOLS = List.of(
            "org.eclipse.jetty.util.thread.", "io.netty.util.concurrent.", "io.netty.util.internal.ThreadExecutorMap",
            "kotlin.concurrent.", "kotlinx.coroutines.", "okhttp3.internal.concurrent.", "okhttp3.internal.Util",
            "okio.AsyncTimeout", "org.apache.http.impl.client.IdleConnectionEvictor",
            "org.apache.hc.client5.http.impl.IdleConnectionEvictor", "org.apache.commons.pool2.impl.",
            "com.google.common.util.concurrent.", "org.springframework.scheduling.concurrent.",
            "org.springframework.core.task.");

    private ApplicationFrames() {
    }

    /** Whether the frame is the application's (or a test's) code. */
    public static boolean isApplication(StackFrame frame) {
        String className = frame.className();
        return !startsWithAny(className, JDK) && !startsWithAny(className, RUNNERS)
                && !startsWithAny(className, LIBRARY_POOLS);
    }

    /** Whether the frame belongs to the JDK ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}). */
    public static boolean isJdk(StackFrame frame) {
        return startsWithAny(frame.className(), JDK);
    }

    /** Whether the frame is a test runner's or build tool's (JUnit, Surefire, Gradle, TestNG). */
    public static boolean isTestRunner(StackFrame frame) {
        return startsWithAny(frame.className(), RUNNERS);
    }

    /** The innermost application frame of a stack, or {@code null} when it has none. */
    public static StackFrame firstIn(List<StackFrame> frames) {
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
}
