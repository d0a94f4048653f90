package dev.threadprofiling.threadprof.model;

/**
 * What a thread waits on: a monitor it wants to enter, a monitor it {@code wait()}s on, or a
 * {@code LockSupport.park} blocker (a lock, a condition, a queue).
 *
 * @param kind         how it waits
 * @param className    class of the lock or blocker object, e.g.
 *                     {@code java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject}
 * @param identityHash {@code System.identityHashCode} of that object, as in {@code jstack}'s
 *                     {@code <0x…>}; 0 when unknown
 * @param ownerId      id of the thread that holds it, or -1 when none or unknown
 * @param ownerName    name of that thread, or {@code null}
 */
public record Blocker(Kind kind, String className, int identityHash, long ownerId, String ownerName) {

    public enum Kind {
        /** Blocked entering a {@code synchronized} block or method. */
        MONITOR_ENTER,
        /** In {@code Object.wait()}. */
        MONITOR_WAIT,
        /** Parked by {@code LockSupport.park}: locks, conditions, queues, futures. */
        PARK
    }

    /** One line as {@code debug=2} prints it, e.g. {@code parked on java.util…ConditionObject@1b6d3586}. */
    public String describe() {
        String verb = switch (kind) {
            case MONITOR_ENTER -> "blocked on";
            case MONITOR_WAIT -> "waiting on";
            case PARK -> "parked on";
        };
        String text = verb + " " + className + "@" + Integer.toHexString(identityHash);
        if (ownerName != null) {
            text += " owned by \"" + ownerName + "\" #" + ownerId;
        }
        return text;
    }
}
