package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One deadlock: a cycle of threads, each waiting for a lock the next one holds.
 *
 * <pre>{@code
 * for (Deadlock cycle : profile.deadlocks()) {
 *     for (Deadlock.Edge edge : cycle.edges()) {
 *         System.out.println(edge.threadName() + " waits for " + edge.lock().describe() + " held by " + edge.holderName());
 *     }
 * }
 * }</pre>
 *
 * <p>Edges are in cycle order: the holder of one edge is the waiting thread of the next, and the
 * holder of the last is the waiting thread of the first. The constructor rotates the cycle to start
 * at its lowest thread id, so one deadlock always reads the same.
 *
 * @param detectedBy how the cycle was found
 * @param edges      the cycle, one edge per thread in it
 */
public record Deadlock(Detection detectedBy, List<Edge> edges) {

    public Deadlock {
        Objects.requireNonNull(detectedBy, "detectedBy");
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("a deadlock has at least one edge");
        }
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            Edge next = edges.get((i + 1) % edges.size());
            if (edge.holderId() != next.threadId()) {
                throw new IllegalArgumentException("not a cycle: \"" + edge.holderName() + "\" #" + edge.holderId()
                        + " holds the lock of edge " + i + ", but edge " + ((i + 1) % edges.size())
                        + " is thread #" + next.threadId());
            }
        }
        edges = List.copyOf(fromLowestId(edges));
    }

    /** How a cycle was found. */
    public enum Detection {
        /** {@code ThreadMXBean.findDeadlockedThreads()}: the JVM, at a safepoint (platform threads only). */
        JVM,
        /**
         * Followed from the lock owners a thread dump gives (the JSON thread dump of Java 21+ names the
         * owner of a {@code java.util.concurrent} lock a virtual thread parks on). The threads were read
         * one at a time, not at one instant; a cycle that is still there in the next capture is a deadlock.
         */
        LOCK_OWNERS
    }

    /** What kind of lock a thread waits for. */
    public enum LockKind {
        /** A monitor: {@code synchronized}. */
        MONITOR,
        /** A {@code java.util.concurrent} lock (an ownable synchronizer: {@code ReentrantLock}, a write lock, …). */
        SYNCHRONIZER
    }

    /** How much is known about where the holder took the lock. */
    public enum Taken {
        /** {@code takenAt} is the frame that locked it ({@code MonitorInfo.getLockedStackFrame()}). */
        LOCKED_AT,
        /**
         * The JVM does not record where a {@code java.util.concurrent} lock was taken without a heap
         * walk, so {@code takenAt} is the holder's innermost application frame: where the holder is
         * now, which in a deadlock is usually one call below where it took the lock.
         */
        HOLDER_APPLICATION_FRAME,
        /** Nothing known: {@code takenAt} is {@code null}. */
        UNKNOWN
    }

    /**
     * A lock, as {@code jstack} names it.
     *
     * @param kind         monitor or {@code java.util.concurrent} lock
     * @param className    class of the lock object, e.g. {@code java.util.concurrent.locks.ReentrantLock$NonfairSync}
     * @param identityHash {@code System.identityHashCode} of the lock object; 0 when unknown
     */
    public record Lock(LockKind kind, String className, int identityHash) {

        public Lock {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(className, "className");
        }

        /**
         * {@code monitor java.lang.Object@1b6d3586}, {@code lock java.util.concurrent.locks.ReentrantLock$NonfairSync@4554617c};
         * without {@code @…} when the identity hash is unknown (read from {@code jstack} text, which prints addresses).
         */
        public String describe() {
            return (kind == LockKind.MONITOR ? "monitor " : "lock ") + className
                    + (identityHash == 0 ? "" : "@" + Integer.toHexString(identityHash));
        }
    }

    /**
     * Thread {@code threadId} waits for {@code lock}, held by thread {@code holderId}, which took it at {@code takenAt}.
     *
     * @param threadId   the waiting thread
     * @param threadName its name
     * @param lock       the lock it waits for
     * @param holderId   the thread that holds the lock
     * @param holderName its name
     * @param takenAt    where the holder took it (see {@code taken}), or {@code null}
     * @param taken      what {@code takenAt} is
     */
    public record Edge(long threadId, String threadName, Lock lock, long holderId, String holderName,
            StackFrame takenAt, Taken taken) {

        public Edge {
            Objects.requireNonNull(threadName, "threadName");
            Objects.requireNonNull(lock, "lock");
            Objects.requireNonNull(holderName, "holderName");
            Objects.requireNonNull(taken, "taken");
            if ((takenAt == null) != (taken == Taken.UNKNOWN)) {
                throw new IllegalArgumentException("takenAt is null exactly when taken is UNKNOWN");
            }
        }
    }

    /** The threads in the cycle, in cycle order. */
    public List<Long> threadIds() {
        List<Long> ids = new ArrayList<>(edges.size());
        for (Edge edge : edges) {
            ids.add(edge.threadId());
        }
        return ids;
    }

    /** Whether thread {@code id} is in this cycle. */
    public boolean contains(long id) {
        return edgeOf(id) != null;
    }

    /** The edge of thread {@code id} (what it waits for), or {@code null} when it is not in this cycle. */
    public Edge edgeOf(long id) {
        for (Edge edge : edges) {
            if (edge.threadId() == id) {
                return edge;
            }
        }
        return null;
    }

    /** The cycle rotated to start at its lowest thread id, so that one deadlock found twice is equal. */
    private static List<Edge> fromLowestId(List<Edge> cycle) {
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).threadId() < cycle.get(start).threadId()) {
                start = i;
            }
        }
        List<Edge> rotated = new ArrayList<>(cycle.size());
        for (int i = 0; i < cycle.size(); i++) {
            rotated.add(cycle.get((start + i) % cycle.size()));
        }
        return rotated;
    }
}
