package dev.threadprofiling.threadprof.model;

import dev.threadprofiling.threadprof.model.StackFrame;
import java.util.List;
import java.util.Objects;

/**
 * The waits that share one stack, event, lock class, other thread and reason, and what they cost.
 *
 * @param frames     the waiting thread's stack, innermost first
 * @param event      the JFR event, e.g. {@code jdk.JavaMonitorEnter}
 * @param lockClass  the class of the monitor or of the object parked on, or {@code null}
 * @param otherThread for {@code jdk.JavaMonitorEnter} the thread that held the monitor before (JFR's
 *                   previous owner), for {@code jdk.JavaMonitorWait} the notifier; else {@code null}
 * @param reason     for {@code jdk.VirtualThreadPinned} on Java 24+, why the virtual thread could not
 *                   leave its carrier (JFR's {@code pinnedReason}, e.g. {@code VM call to Foo.<clinit> on
 *                   stack}); else {@code null}
 * @param count      how many waits
 * @param delayNanos their summed duration
 */
public record ContentionSample(List<StackFrame> frames, String event, String lockClass, String otherThread,
        String reason, long count, long delayNanos) {

    public static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    public static final String MONITOR_WAIT = "jdk.JavaMonitorWait";
    public static final String THREAD_PARK = "jdk.ThreadPark";
    /** A virtual thread blocked while pinned to its carrier (Java 21+). */
    public static final String VIRTUAL_THREAD_PINNED = "jdk.VirtualThreadPinned";

    public ContentionSample {
        frames = List.copyOf(frames);
        Objects.requireNonNull(event, "event");
    }

    /** A wait with no reason: every event but {@code jdk.VirtualThreadPinned}. */
    public ContentionSample(List<StackFrame> frames, String event, String lockClass, String otherThread, long count,
            long delayNanos) {
        this(frames, event, lockClass, otherThread, null, count, delayNanos);
    }

    /** Whether this is a wait for a lock: a contended {@code synchronized} or a park on a {@code java.util.concurrent.locks} lock. */
    public boolean isLockWait() {
        return MONITOR_ENTER.equals(event) || THREAD_PARK.equals(event) && isLockClass(lockClass);
    }

    /** Whether a virtual thread pinned its carrier while it blocked. */
    public boolean isPinning() {
        return VIRTUAL_THREAD_PINNED.equals(event);
    }

    /** Whether a waiting thread belongs in a profile of {@code kind}. */
    public boolean belongsTo(ContentionKind kind) {
        return switch (kind) {
            case BLOCK -> !isPinning();
            case MUTEX -> isLockWait();
            case PINNED -> isPinning();
        };
    }

    /**
     * The name of the label {@link #otherThread()} rides under: {@code notifier} for
     * {@code jdk.JavaMonitorWait}, else {@code owner}.
     */
    public String otherThreadLabel() {
        return MONITOR_WAIT.equals(event) ? "notifier" : "owner";
    }

    /**
     * The synchronizers of {@code java.util.concurrent.locks} that a lock parks on:
     * {@code ReentrantLock$NonfairSync}, {@code ReentrantReadWriteLock$FairSync}, {@code StampedLock}.
     * A {@code Condition} ({@code AbstractQueuedSynchronizer$ConditionObject}) is a wait, not a lock.
     */
    static boolean isLockClass(String className) {
        return className != null && className.startsWith("java.util.concurrent.locks.")
                && (className.endsWith("Sync") || className.endsWith(".StampedLock"));
    }

    /** The same waits, {@code otherCount} more of them with {@code otherDelay} more delay. */
    public ContentionSample plus(long otherCount, long otherDelay) {
        return new ContentionSample(frames, event, lockClass, otherThread, reason, count + otherCount,
                delayNanos + otherDelay);
    }
}
