package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;

/**
 * The deadlock section that {@code debug=1} and {@code debug=2} begin with, in the shape of
 * {@code jstack}'s "Found one Java-level deadlock":
 *
 * <pre>
 * Found one Java-level deadlock (ThreadMXBean.findDeadlockedThreads), 2 threads:
 * "account-0" #31 waits for monitor java.lang.Object@1b6d3586
 * 	held by "account-1" #32, which locked it at dev.example.Bank.transfer(Bank.java:20)
 * 	created by dev.example.Main.start(Main.java:12) in thread "main" #1
 * "account-1" #32 waits for lock java.util.concurrent.locks.ReentrantLock$NonfairSync@4554617c
 * 	held by "account-0" #31, which is now at dev.example.Bank.transfer(Bank.java:22) (where it took a java.util.concurrent lock is not recorded)
 *
 * Found 1 deadlock.
 *
 * </pre>
 * Nothing when the profile has no deadlock.
 */
final class DeadlockText {

    private DeadlockText() {
    }

    /** Appends the section, followed by a blank line; nothing when there is no deadlock. */
    static void append(StringBuilder out, ThreadProfile profile) {
        if (profile.deadlocks().isEmpty()) {
            return;
        }
        for (Deadlock deadlock : profile.deadlocks()) {
            out.append(heading(deadlock)).append('\n');
            for (Deadlock.Edge edge : deadlock.edges()) {
                appendEdge(out, edge, sampleOf(profile, edge.threadId()));
            }
            out.append('\n');
        }
        int count = profile.deadlocks().size();
        out.append("Found ").append(count).append(count == 1 ? " deadlock." : " deadlocks.").append("\n\n");
    }

    static String heading(Deadlock deadlock) {
        String source = switch (deadlock.detectedBy()) {
            case JVM -> "Found one Java-level deadlock (ThreadMXBean.findDeadlockedThreads)";
            case LOCK_OWNERS -> "Found one deadlock from lock owners (virtual threads, which the JVM does not check)";
        };
        return source + ", " + deadlock.edges().size() + " threads:";
    }

    /** {@code held by "account-1" #32, which locked it at …}: who holds the lock and what is known of where it was taken. */
    static String holder(Deadlock.Edge edge) {
        String held = "held by \"" + edge.holderName() + "\" #" + edge.holderId();
        return switch (edge.taken()) {
            case LOCKED_AT -> held + ", which locked it at " + FrameText.plain(edge.takenAt());
            case HOLDER_APPLICATION_FRAME -> held + ", which is now at " + FrameText.plain(edge.takenAt())
                    + " (where it took a java.util.concurrent lock is not recorded)";
            case UNKNOWN -> held + " (where it took the lock is not known)";
        };
    }

    private static void appendEdge(StringBuilder out, Deadlock.Edge edge, ThreadSample waiter) {
        out.append('"').append(edge.threadName()).append("\" #").append(edge.threadId())
                .append(" waits for ").append(edge.lock().describe()).append('\n');
        out.append('\t').append(holder(edge)).append('\n');
        if (waiter != null && waiter.origin() == ThreadSample.Origin.RECORDED && waiter.createdBy() != null) {
            out.append('\t').append(Debug2Format.createdBy(waiter.createdBy())).append('\n');
        }
    }

    private static ThreadSample sampleOf(ThreadProfile profile, long id) {
        for (ThreadSample thread : profile.threads()) {
            if (thread.id() == id) {
                return thread;
            }
        }
        return null;
    }
}
