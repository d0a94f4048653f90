package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WaitForGraph;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds deadlocks: cycles of threads, each waiting for a lock the next one holds.
 *
 * <pre>{@code
 * List<Deadlock> found = DeadlockDetector.create().find();
 * }</pre>
 *
 * <p>{@link #find()} asks the JVM ({@link ThreadMXBean#findDeadlockedThreads()}, one safepoint, monitors
 * and {@code java.util.concurrent} locks), then reads only the deadlocked threads with their locked
 * monitors ({@code getThreadInfo(ids, true, false)}), which say at which frame each monitor was taken.
 * Locked synchronizers are never asked for: that makes the JVM walk the heap. So for a
 * {@code java.util.concurrent} lock the edge names the holder's innermost application frame instead,
 * labelled {@link Deadlock.Taken#HOLDER_APPLICATION_FRAME}.
 *
 * <p>The JVM does not see virtual threads: {@link WaitForGraph#fromLockOwners} follows the lock owners a
 * capture already holds (the JSON thread dump names the owner of a lock a virtual thread parks on).
 */
public final class DeadlockDetector {

    /** When a capture looks for deadlocks. */
    public enum Policy {
        /** Never. */
        NEVER,
        /**
         * Only when the capture holds a platform thread that is BLOCKED on a monitor or parked on a lock
         * with an owner: without one there is no cycle the JVM could find, and no safepoint is paid.
         */
        WHEN_THREADS_WAIT_FOR_LOCKS,
        /** At every capture. */
        ALWAYS
    }

    private final ThreadMXBean threads;

    private DeadlockDetector(ThreadMXBean threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /** A detector for this JVM. */
    public static DeadlockDetector create() {
        return new DeadlockDetector(ManagementFactory.getThreadMXBean());
    }

    /** The deadlocks among this JVM's platform threads now, each cycle once; empty when none. */
    public List<Deadlock> find() {
        long[] ids = threads.isSynchronizerUsageSupported()
                ? threads.findDeadlockedThreads()
                : threads.findMonitorDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return List.of();
        }
        return cycles(threads.getThreadInfo(ids, true, false));
    }

    /** The ids of the threads in {@code deadlocks}. */
    public static Set<Long> threadIds(Collection<Deadlock> deadlocks) {
        Set<Long> ids = new HashSet<>();
        for (Deadlock deadlock : deadlocks) {
            ids.addAll(deadlock.threadIds());
        }
        return ids;
    }

    /**
     * Whether {@code samples} hold a platform thread that waits for a lock someone holds: BLOCKED on a
     * monitor, or parked on a lock with a known owner. Deadlocked platform threads always do, so a
     * capture without one can skip {@link #find()}.
     */
    public static boolean someoneWaitsForALock(Collection<ThreadSample> samples) {
        for (ThreadSample sample : samples) {
            Blocker blocker = sample.waitingOn();
            if (!sample.virtual() && blocker != null && (blocker.kind() == Blocker.Kind.MONITOR_ENTER
                    || blocker.kind() == Blocker.Kind.PARK && blocker.ownerId() >= 0)) {
                return true;
            }
        }
        return false;
    }

    /** The cycles among deadlocked threads read with their locked monitors. */
    static List<Deadlock> cycles(ThreadInfo[] infos) {
        Map<Long, ThreadInfo> byId = new LinkedHashMap<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                byId.put(info.getThreadId(), info);
            }
        }
        return WaitForGraph.cycles(byId, DeadlockDetector::waitsFor, info -> edge(info, byId.get(info.getLockOwnerId())),
                Deadlock.Detection.JVM);
    }

    private static Long waitsFor(ThreadInfo info) {
        return info.getLockOwnerId() >= 0 ? info.getLockOwnerId() : null;
    }

    private static Deadlock.Edge edge(ThreadInfo waiter, ThreadInfo holder) {
        LockInfo lock = waiter.getLockInfo();
        boolean monitor = waiter.getThreadState() == Thread.State.BLOCKED;
        Deadlock.Lock waited = new Deadlock.Lock(monitor ? Deadlock.LockKind.MONITOR : Deadlock.LockKind.SYNCHRONIZER,
                Frames.normaliseClassName(lock.getClassName()), lock.getIdentityHashCode());
        StackFrame lockedAt = monitor ? lockedAt(holder, lock) : null;
        if (lockedAt != null) {
            return new Deadlock.Edge(waiter.getThreadId(), waiter.getThreadName(), waited, holder.getThreadId(),
                    holder.getThreadName(), lockedAt, Deadlock.Taken.LOCKED_AT);
        }
        return WaitForGraph.edge(waiter.getThreadId(), waiter.getThreadName(), waited, holder.getThreadId(),
                holder.getThreadName(), Frames.of(holder.getStackTrace()));
    }

    /** The frame at which {@code holder} locked the monitor {@code lock}, or {@code null}. */
    private static StackFrame lockedAt(ThreadInfo holder, LockInfo lock) {
        for (MonitorInfo monitor : holder.getLockedMonitors()) {
            if (monitor.getIdentityHashCode() == lock.getIdentityHashCode()
                    && monitor.getClassName().equals(lock.getClassName()) && monitor.getLockedStackFrame() != null) {
                return Frames.of(monitor.getLockedStackFrame());
            }
        }
        return null;
    }
}
