package dev.threadprofiling.threadprof.model;

/**
 * Which waits a contention profile holds: Go's two profiles, from JFR's events.
 *
 * <table>
 *   <caption>profile → JFR events</caption>
 *   <tr><td>{@link #BLOCK}</td><td>every wait: {@code jdk.ThreadPark} (locks, queues, latches,
 *       futures), {@code jdk.JavaMonitorWait} ({@code Object.wait}) and {@code jdk.JavaMonitorEnter}
 *       (a contended {@code synchronized}), as Go's block profile holds mutex waits too</td></tr>
 *   <tr><td>{@link #MUTEX}</td><td>waits for a lock only: {@code jdk.JavaMonitorEnter} and
 *       {@code jdk.ThreadPark} on a {@code java.util.concurrent.locks} lock</td></tr>
 * </table>
 */
public enum ContentionKind {
    /** Go's {@code /debug/pprof/block}. */
    BLOCK("block"),
    /** Go's {@code /debug/pprof/mutex}. */
    MUTEX("mutex");

    private final String path;

    ContentionKind(String path) {
        this.path = path;
    }

    /** {@code block} or {@code mutex}: the last part of the endpoint's path and the profile's name. */
    public String pathName() {
        return path;
    }
}
