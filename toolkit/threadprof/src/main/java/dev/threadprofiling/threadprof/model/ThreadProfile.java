package dev.threadprofiling.threadprof.model;

import java.time.Instant;
import java.util.List;

/**
 * Every thread of a JVM at one moment: what {@code /debug/threads} serves in each format.
 *
 * @param capturedAt when the capture was taken
 * @param process    which JVM it came from
 * @param threads    all threads, in capture order
 * @param deadlocks  the deadlocks found among them (see {@link Deadlock}), empty when none
 */
public record ThreadProfile(Instant capturedAt, ProcessInfo process, List<ThreadSample> threads, List<Deadlock> deadlocks) {

    public ThreadProfile {
        threads = List.copyOf(threads);
        deadlocks = List.copyOf(deadlocks);
    }

    /** A profile in which no deadlock was found (or none was looked for). */
    public ThreadProfile(Instant capturedAt, ProcessInfo process, List<ThreadSample> threads) {
        this(capturedAt, process, threads, List.of());
    }

    /** This profile with {@code found} as its deadlocks. */
    public ThreadProfile withDeadlocks(List<Deadlock> found) {
        return new ThreadProfile(capturedAt, process, threads, found);
    }

    /** The deadlock thread {@code id} is in, or {@code null}. */
    public Deadlock deadlockOf(long id) {
        for (Deadlock deadlock : deadlocks) {
            if (deadlock.contains(id)) {
                return deadlock;
            }
        }
        return null;
    }

    /** The number the chapter greps for: {@code thread profile: total N}. */
    public int total() {
        return threads.size();
    }

    /**
     * The JVM a profile came from.
     *
     * @param pid         process id, or -1 when unknown (a parsed dump that does not say)
     * @param mainClass   main class or jar, or {@code null}
     * @param javaVersion {@code java.version} of that JVM, or {@code null}
     * @param source      how the profile was made: {@code in-process}, {@code jstack},
     *                    {@code jcmd-json}, {@code threadprof-json}
     */
    public record ProcessInfo(long pid, String mainClass, String javaVersion, String source) {
    }
}
