package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.model.Deadlock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Says which leaked threads are deadlocked, and with whom: threadprof's {@link DeadlockDetector}
 * ({@code ThreadMXBean.findDeadlockedThreads()}, then only the deadlocked threads with their locked
 * monitors, never the heap walk of locked synchronizers). Asked only once a leak was found: a clean
 * check never pays for the safepoint.
 */
public final class Deadlocks {

    private Deadlocks() {
    }

    /** The cycles that hold at least one of {@code leakedIds}; empty when none does (or the JVM cannot tell). */
    public static List<Deadlock> among(Collection<Long> leakedIds) {
        if (leakedIds.isEmpty()) {
            return List.of();
        }
        List<Deadlock> found = new ArrayList<>();
        try {
            for (Deadlock deadlock : DeadlockDetector.create().find()) {
                if (deadlock.threadIds().stream().anyMatch(leakedIds::contains)) {
                    found.add(deadlock);
                }
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            return List.of();
        }
        return found;
    }

    /**
     * One paragraph per cycle, jstack's "Found one Java-level deadlock" in a sentence per thread:
     * {@code "a" #21 waits for lock java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586,
     * held by "b" #22, which took it at Foo.transfer(Foo.java:12)}.
     */
    public static void append(StringBuilder text, List<Deadlock> deadlocks) {
        for (Deadlock deadlock : deadlocks) {
            int size = deadlock.edges().size();
            text.append("\nDeadlocked: ").append(size).append(size == 1 ? " thread waits" : " threads wait")
                    .append(" for each other and will never end on their own (interrupt them, or take the locks in one order):\n");
            for (Deadlock.Edge edge : deadlock.edges()) {
                text.append("  \"").append(edge.threadName()).append("\" #").append(edge.threadId())
                        .append(" waits for ").append(edge.lock().describe())
                        .append(", held by \"").append(edge.holderName()).append("\" #").append(edge.holderId());
                switch (edge.taken()) {
                    case LOCKED_AT -> text.append(", which took it at ").append(edge.takenAt());
                    case HOLDER_APPLICATION_FRAME -> text.append(", which is at ").append(edge.takenAt());
                    case UNKNOWN -> {
                    }
                }
                text.append('\n');
            }
        }
    }
}
