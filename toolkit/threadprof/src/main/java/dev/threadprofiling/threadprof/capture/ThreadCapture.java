package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WaitForGraph;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Captures every live thread of this JVM as a {@link ThreadProfile}.
 *
 * <pre>{@code
 * ThreadProfile profile = ThreadCapture.withCreatedBy(ThreadStartTracker.shared()).capture();
 * }</pre>
 *
 * <p>Platform threads come from {@link ThreadMXBean} without {@code lockedSynchronizers}: asking for
 * ownable synchronizers makes the JVM walk the whole heap at a safepoint, which grows with the heap,
 * so it is never done. Locked monitors are not asked for either: what a thread waits on
 * ({@link ThreadInfo#getLockInfo()}) comes without them. A thread still in the same wait as at the
 * previous capture keeps the stack walked then, and on Java 21+ stacks are walked one thread at a
 * time, never in one global pause (see {@link PlatformStacks}).
 *
 * <p>On Java 21+ virtual threads, which {@code ThreadMXBean} does not see, come from the JDK's JSON
 * thread dump (see {@link VirtualThreads}) and follow the platform threads, marked
 * {@link ThreadSample#virtual()}; a thread id is listed once. {@code -Dthreadprof.virtualThreads=false}
 * captures platform threads only.
 *
 * <p>Deadlocks: when some platform thread of the capture is BLOCKED on a monitor or parked on a lock
 * with an owner, the capture asks the JVM for deadlocks ({@link DeadlockDetector#find()}, one safepoint);
 * cycles that include virtual threads are followed from the lock owners the dump gives
 * ({@link WaitForGraph#fromLockOwners}). {@link #detectingDeadlocks(DeadlockDetector.Policy)} changes
 * when the JVM is asked.
 */
public final class ThreadCapture {

    private final CreationLookup creations;
    private final PlatformStacks stacks;
    private final DeadlockDetector.Policy deadlocks;

    private ThreadCapture(CreationLookup creations, PlatformStacks stacks, DeadlockDetector.Policy deadlocks) {
        this.creations = Objects.requireNonNull(creations, "creations");
        this.stacks = stacks;
        this.deadlocks = Objects.requireNonNull(deadlocks, "deadlocks");
    }

    /** A capture that does not know where threads were started. */
    public static ThreadCapture create() {
        return new ThreadCapture(CreationLookup.NONE, PlatformStacks.SHARED, DeadlockDetector.Policy.WHEN_THREADS_WAIT_FOR_LOCKS);
    }

    /** A capture that fills in "created by" from {@code creations}. */
    public static ThreadCapture withCreatedBy(CreationLookup creations) {
        return new ThreadCapture(creations, PlatformStacks.SHARED, DeadlockDetector.Policy.WHEN_THREADS_WAIT_FOR_LOCKS);
    }

    /** This capture, asking the JVM for deadlocks as {@code policy} says (the benchmarks compare them). */
    public ThreadCapture detectingDeadlocks(DeadlockDetector.Policy policy) {
        return new ThreadCapture(creations, stacks, policy);
    }

    /**
     * This capture, walking every thread's stack each time instead of keeping the stacks of
     * threads still in the same wait (the baseline the benchmarks compare with).
     */
    public ThreadCapture walkingEveryStack() {
        return new ThreadCapture(creations, PlatformStacks.walkingEveryStack(), deadlocks);
    }

    public ThreadProfile capture() {
        Instant now = Instant.now();
        List<PlatformStacks.Walk> platform = stacks.capture();
        List<ThreadSample> samples = new ArrayList<>(platform.size());
        Set<Long> platformIds = new HashSet<>();
        Set<String> platformNames = new HashSet<>();
        for (PlatformStacks.Walk walk : platform) {
            ThreadInfo info = walk.info();
            samples.add(toSample(info, walk.frames()));
            platformIds.add(info.getThreadId());
            platformNames.add(info.getThreadName());
        }
        boolean virtual = VirtualThreads.enabled() && VirtualThreads.mayExist(platformNames);
        if (virtual) {
            samples.addAll(VirtualThreads.capture(platformIds, creations));
        }
        return new ThreadProfile(now, ProcessInfos.current("in-process"), samples, deadlocks(samples, virtual));
    }

    private List<Deadlock> deadlocks(List<ThreadSample> samples, boolean virtual) {
        List<Deadlock> found = new ArrayList<>();
        if (deadlocks == DeadlockDetector.Policy.ALWAYS
                || deadlocks == DeadlockDetector.Policy.WHEN_THREADS_WAIT_FOR_LOCKS && DeadlockDetector.someoneWaitsForALock(samples)) {
            found.addAll(DeadlockDetector.create().find());
        }
        if (virtual && deadlocks != DeadlockDetector.Policy.NEVER) {
            found.addAll(WaitForGraph.fromLockOwners(samples, true));
        }
        return found;
    }

    private ThreadSample toSample(ThreadInfo info, List<StackFrame> frames) {
        long id = info.getThreadId();
        return new ThreadSample(
                id,
                info.getThreadName(),
                info.getThreadState().name(),
                info.isDaemon(),
                false,
                frames,
                blockerOf(info, frames),
                creations.creationOf(id).orElse(null),
                creations.originOf(id),
                creations.unrecordedForMillis(id));
    }

    static Blocker blockerOf(ThreadInfo info, List<StackFrame> frames) {
        LockInfo lock = info.getLockInfo();
        if (lock == null) {
            return null;
        }
        Blocker.Kind kind = switch (info.getThreadState()) {
            case BLOCKED -> Blocker.Kind.MONITOR_ENTER;
            case WAITING, TIMED_WAITING -> isParked(frames) ? Blocker.Kind.PARK : Blocker.Kind.MONITOR_WAIT;
            default -> Blocker.Kind.PARK;
        };
        return new Blocker(kind, Frames.normaliseClassName(lock.getClassName()), lock.getIdentityHashCode(),
                info.getLockOwnerId(), info.getLockOwnerName());
    }

    private static boolean isParked(List<StackFrame> frames) {
        return !frames.isEmpty() && "park".equals(frames.get(0).methodName())
                && frames.get(0).className().endsWith("Unsafe");
    }
}
