package dev.threadprofiling.threadprof.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Waits for the event a windowed contention request ({@code /debug/block?seconds=N}) stands on: the
 * server's window is open, that is, a thread of this JVM sleeps in {@code ContentionRecorder.delta}, which
 * opens its window before it sleeps. Waits done in the window from then on are the window's.
 *
 * <pre>{@code
 * client.sendAsync(request("/debug/block?format=json&seconds=1"), ofString());
 * ContentionWindows.awaitOpen(Duration.ofSeconds(10));
 * Contenders.lateTaker("in-window");
 * }</pre>
 */
public final class ContentionWindows {

    private static final String RECORDER = "dev.threadprofiling.threadprof.capture.ContentionRecorder";

    private ContentionWindows() {
    }

    /** Returns once a window is open; fails naming what it waited for after {@code timeout}. */
    public static void awaitOpen(Duration timeout) throws InterruptedException {
        BlockedThreads.awaitCondition("a contention window to open (a thread sleeping in " + RECORDER + ".delta)",
                ContentionWindows::open, timeout);
    }

    private static boolean open() {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey().getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getValue())
                    .anyMatch(f -> f.getClassName().equals(RECORDER) && f.getMethodName().equals("delta"))) {
                return true;
            }
        }
        return false;
    }
}
