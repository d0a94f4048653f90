package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The wait-for graph: thread T points at thread U when T waits for a lock U holds. Its cycles are
 * deadlocks. One walk serves the JVM's answer ({@code capture.DeadlockDetector}) and the lock owners a
 * thread dump names ({@link #fromLockOwners}).
 */
public final class WaitForGraph {

    private WaitForGraph() {
    }

    /**
     * Follows "waits for a lock held by" from every thread of {@code byId} and returns each cycle once.
     *
     * @param ownerOf the id of the thread holding the lock a thread waits for, or {@code null}
     * @param edgeOf  the edge of a thread in a cycle (its holder is in {@code byId})
     */
    public static <T> List<Deadlock> cycles(Map<Long, T> byId, Function<T, Long> ownerOf,
            Function<T, Deadlock.Edge> edgeOf, Deadlock.Detection detection) {
        List<Deadlock> found = new ArrayList<>();
        Set<Long> done = new HashSet<>();
        for (Long start : byId.keySet()) {
            List<Long> path = new ArrayList<>();
            Map<Long, Integer> onPath = new HashMap<>();
            Long id = start;
            while (id != null && byId.containsKey(id) && !done.contains(id) && !onPath.containsKey(id)) {
                onPath.put(id, path.size());
                path.add(id);
                id = ownerOf.apply(byId.get(id));
            }
            if (id != null && onPath.containsKey(id)) {
                List<Deadlock.Edge> edges = new ArrayList<>();
                for (Long member : path.subList(onPath.get(id), path.size())) {
                    edges.add(edgeOf.apply(byId.get(member)));
                }
                found.add(new Deadlock(detection, edges));
            }
            done.addAll(path);
        }
        return found;
    }

    /**
     * The cycles among {@code samples} followed from each thread's lock owner ({@link Blocker#ownerId()}),
     * {@link Deadlock.Detection#LOCK_OWNERS}; with {@code withVirtualOnly}, only the cycles that contain a
     * virtual thread (the JVM finds the others at one instant). The holder's innermost application frame
     * stands for where it took the lock ({@link Deadlock.Taken#HOLDER_APPLICATION_FRAME}).
     */
    public static List<Deadlock> fromLockOwners(Collection<ThreadSample> samples, boolean withVirtualOnly) {
        Map<Long, ThreadSample> byId = new LinkedHashMap<>();
        for (ThreadSample sample : samples) {
            byId.put(sample.id(), sample);
        }
        List<Deadlock> found = cycles(byId, WaitForGraph::ownerOf,
                sample -> edge(sample, byId.get(sample.waitingOn().ownerId())), Deadlock.Detection.LOCK_OWNERS);
        List<Deadlock> kept = new ArrayList<>();
        for (Deadlock deadlock : found) {
            if (!withVirtualOnly || deadlock.threadIds().stream().anyMatch(id -> byId.get(id).virtual())) {
                kept.add(deadlock);
            }
        }
        return kept;
    }

    /** An edge whose holder is known by its stack only: where the holder is now stands for where it took the lock. */
    public static Deadlock.Edge edge(long threadId, String threadName, Deadlock.Lock lock, long holderId,
            String holderName, List<StackFrame> holderFrames) {
        StackFrame where = ApplicationFrames.first(holderFrames);
        return new Deadlock.Edge(threadId, threadName, lock, holderId, holderName, where,
                where == null ? Deadlock.Taken.UNKNOWN : Deadlock.Taken.HOLDER_APPLICATION_FRAME);
    }

    private static Long ownerOf(ThreadSample sample) {
        Blocker blocker = sample.waitingOn();
        boolean forALock = blocker != null && blocker.ownerId() >= 0
                && (blocker.kind() == Blocker.Kind.MONITOR_ENTER || blocker.kind() == Blocker.Kind.PARK);
        return forALock ? blocker.ownerId() : null;
    }

    private static Deadlock.Edge edge(ThreadSample waiter, ThreadSample holder) {
        Blocker blocker = waiter.waitingOn();
        Deadlock.Lock lock = new Deadlock.Lock(
                blocker.kind() == Blocker.Kind.MONITOR_ENTER ? Deadlock.LockKind.MONITOR : Deadlock.LockKind.SYNCHRONIZER,
                blocker.className(), blocker.identityHash());
        return edge(waiter.id(), waiter.name(), lock, holder.id(), holder.name(), holder.frames());
    }
}
