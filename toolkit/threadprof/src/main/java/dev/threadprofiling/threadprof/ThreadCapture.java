package dev.threadprofiling.threadprof;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
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
 * <p>Platform threads come from {@link ThreadMXBean#dumpAllThreads(boolean, boolean)} with
 * {@code lockedSynchronizers=false}: asking for ownable synchronizers makes the JVM walk the whole
 * heap at a safepoint, which grows with the heap, so it is never done. Locked monitors are not
 * asked for either: what a thread waits on ({@link ThreadInfo#getLockInfo()}) comes without them.
 *
 * <p>On Java 21+ virtual threads, which {@code ThreadMXBean} does not see, come from the JDK's JSON
 * thread dump (see {@link VirtualThreads}) and follow the platform threads, marked
 * {@link ThreadSample#virtual()}; a thread id is listed once. {@code -Dthreadprof.virtualThreads=false}
 * captures platform threads only.
 */
public final class ThreadCapture {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final CreationLookup creations;

    private ThreadCapture(CreationLookup creations) {
        this.creations = Objects.requireNonNull(creations, "creations");
    }

    /** A capture that does not know where threads were started. */
    public static ThreadCapture create() {
        return new ThreadCapture(CreationLookup.NONE);
    }

    /** A capture that fills in "created by" from {@code creations}. */
    public static ThreadCapture withCreatedBy(CreationLookup creations) {
        return new ThreadCapture(creations);
    }

    public ThreadProfile capture() {
        Instant now = Instant.now();
        ThreadInfo[] infos = THREADS.dumpAllThreads(false, false);
        List<ThreadSample> samples = new ArrayList<>(infos.length);
        Set<Long> platformIds = new HashSet<>();
        Set<String> platformNames = new HashSet<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                samples.add(toSample(info));
                platformIds.add(info.getThreadId());
                platformNames.add(info.getThreadName());
            }
        }
        if (VirtualThreads.enabled() && VirtualThreads.mayExist(platformNames)) {
            samples.addAll(VirtualThreads.capture(platformIds, creations));
        }
        return new ThreadProfile(now, ProcessInfos.current("in-process"), samples);
    }

    private ThreadSample toSample(ThreadInfo info) {
        long id = info.getThreadId();
        return new ThreadSample(
                id,
                info.getThreadName(),
                info.getThreadState().name(),
                info.isDaemon(),
                false,
                Frames.of(info.getStackTrace()),
                blockerOf(info),
                creations.creationOf(id).orElse(null),
                creations.originOf(id));
    }

    static Blocker blockerOf(ThreadInfo info) {
        LockInfo lock = info.getLockInfo();
        if (lock == null) {
            return null;
        }
        Blocker.Kind kind = switch (info.getThreadState()) {
            case BLOCKED -> Blocker.Kind.MONITOR_ENTER;
            case WAITING, TIMED_WAITING -> isParked(info) ? Blocker.Kind.PARK : Blocker.Kind.MONITOR_WAIT;
            default -> Blocker.Kind.PARK;
        };
        return new Blocker(kind, Frames.normaliseClassName(lock.getClassName()), lock.getIdentityHashCode(),
                info.getLockOwnerId(), info.getLockOwnerName());
    }

    private static boolean isParked(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        return stack.length > 0 && "park".equals(stack[0].getMethodName())
                && stack[0].getClassName().endsWith("Unsafe");
    }
}
