package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Threads that are never leaks: the JVM's own, JFR's, the build tool's and JUnit's, idle pool
 * workers and shared threads that the JDK owns, and this module's own. Which frames belong to a
 * test runner is threadprof's {@link ApplicationFrames#isTestRunner} (one list for every tool).
 */
public final class DefaultFilters {

    private static final Set<String> JVM_THREAD_NAMES = Set.of(
            "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Notification Thread",
            "Attach Listener", "process reaper", "DestroyJavaVM", "Service Thread", "Monitor Deflation Thread",
            "Sweeper thread", "Monitor Ctrl-Break", "JVMCI-native CompilerThread0", "Keep-Alive-Timer",
            // Java 21+: the virtual-thread scheduler's helpers, started on first use
            "VirtualThread-unparker", "VirtualThread-unblocker", "Read-Poller", "Write-Poller");

    private static final List<String> NAME_PREFIXES = List.of(
            "JFR ", // JFR Recorder Thread, JFR Periodic Tasks, JFR Event Stream N, JFR Shutdown Hook
            "C1 CompilerThread", "C2 CompilerThread",
            "surefire-forkedjvm-", // Surefire's command reader, ping and stream flusher
            "junit-", // JUnit's timeout watcher and its own pools
            ThreadStartTracker.THREAD_NAME_PREFIX,
            "threadleak-");

    private DefaultFilters() {
    }

    /**
     * The JDK's own shared threads, started lazily by the first caller and kept on purpose: the
     * {@code CompletableFuture} delay scheduler (one daemon per JVM, no API stops it) and the
     * {@code HttpClient}'s selector and default-executor workers (they end when the client is
     * collected or has been idle for a while, not when a test ends).
     */
    private static final Pattern JDK_SHARED = Pattern.compile(
            "CompletableFutureDelayScheduler|HttpClient-\\d+-(SelectorManager|Worker-\\d+)");

    /** Why this thread is not a leak, or {@code null} when it may be one. */
    public static String whyNotALeak(ThreadSample thread, Set<Long> carrierThreadIds) {
        if (carrierThreadIds.contains(thread.id())) {
            return "virtual-thread carrier";
        }
        String byName = whyNotALeakByName(thread.name());
        if (byName != null) {
            return byName;
        }
        if (thread.virtual()) {
            return null;
        }
        boolean idleInForkJoinPool = false;
        for (StackFrame frame : thread.frames()) {
            if (ApplicationFrames.isTestRunner(frame)) {
                return "test runner thread";
            }
            if ("java.util.concurrent.ForkJoinPool.awaitWork".equals(frame.function())) {
                idleInForkJoinPool = true;
            }
        }
        if (idleInForkJoinPool && thread.name().startsWith("ForkJoinPool.commonPool-worker-")) {
            return "idle common-pool worker";
        }
        return null;
    }

    /** Why a thread with this name is never a leak (JVM, JFR, build tool, JUnit, the JDK's shared threads), or {@code null}. */
    public static String whyNotALeakByName(String name) {
        if (JVM_THREAD_NAMES.contains(name)) {
            return "JVM thread";
        }
        for (String prefix : NAME_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "infrastructure thread (" + prefix.trim() + ")";
            }
        }
        if (JDK_SHARED.matcher(name).matches()) {
            return "the JDK's shared thread (" + name + ")";
        }
        return null;
    }

    /** Ids of the live virtual-thread carriers (Java 21+), told apart by their class. */
    public static Set<Long> carrierThreadIds() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if ("jdk.internal.misc.CarrierThread".equals(threads[i].getClass().getName())) {
                ids.add(idOf(threads[i]));
            }
        }
        return ids;
    }

    @SuppressWarnings("deprecation") // threadId() is Java 19+
    public static long idOf(Thread thread) {
        return thread.getId();
    }
}
