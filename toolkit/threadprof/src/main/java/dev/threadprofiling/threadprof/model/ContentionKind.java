package dev.threadprofiling.threadprof.model;

/**
 * Which waits a contention profile holds: Go's two profiles, and the one Go has no counterpart for,
 * from JFR's events.
 *
 * <table>
 *   <caption>profile → JFR events</caption>
 *   <tr><td>{@link #BLOCK}</td><td>every wait: {@code jdk.ThreadPark} (locks, queues, latches,
 *       futures), {@code jdk.JavaMonitorWait} ({@code Object.wait}) and {@code jdk.JavaMonitorEnter}
 *       (a contended {@code synchronized}), as Go's block profile holds mutex waits too</td></tr>
 *   <tr><td>{@link #MUTEX}</td><td>waits for a lock only: {@code jdk.JavaMonitorEnter} and
 *       {@code jdk.ThreadPark} on a {@code java.util.concurrent.locks} lock</td></tr>
 *   <tr><td>{@link #PINNED}</td><td>{@code jdk.VirtualThreadPinned}: a virtual thread that blocked
 *       while it could not leave its carrier (Java 21+)</td></tr>
 * </table>
 */
public enum ContentionKind {
    /** Go's {@code /debug/pprof/block}. */
    BLOCK("block", "contentions", 17),
    /** Go's {@code /debug/pprof/mutex}. */
    MUTEX("mutex", "contentions", 17),
    /**
     * Virtual threads that pinned their carrier thread while they blocked: no Go counterpart (a
     * goroutine never holds its OS thread while it waits). Needs Java 21+.
     */
    PINNED("pinned", "pinnings", 21);

    private final String path;
    private final WeightedProfile.ValueType countType;
    private final int sinceJava;

    ContentionKind(String path, String countName, int sinceJava) {
        this.path = path;
        this.countType = new WeightedProfile.ValueType(countName, "count");
        this.sinceJava = sinceJava;
    }

    /** {@code block}, {@code mutex} or {@code pinned}: the last part of the endpoint's path and the profile's name. */
    public String pathName() {
        return path;
    }

    /** The profile's count sample type: {@code contentions/count} (Go's), or {@code pinnings/count}. */
    public WeightedProfile.ValueType countType() {
        return countType;
    }

    /** The first Java feature version whose JFR records this profile's events. */
    public int sinceJava() {
        return sinceJava;
    }

    /** The kind whose {@link #pathName()} is {@code name}. */
    public static ContentionKind fromPathName(String name) {
        for (ContentionKind kind : values()) {
            if (kind.path.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" is not a contention profile (block, mutex or pinned)");
    }
}
