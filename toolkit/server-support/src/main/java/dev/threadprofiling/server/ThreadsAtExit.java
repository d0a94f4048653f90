package dev.threadprofiling.server;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The threads of its own that a server's stop accounts for. After Ctrl-C or SIGTERM,
 * {@link WorkbookServer#start(io.javalin.Javalin, ThreadsAtExit)} stops the server and prints
 * {@code stopped: N <what> alive at exit}, naming up to five of them.
 *
 * <pre>{@code
 * WorkbookServer.start(app);                                       // chapter 3: RequestThreads.AT_EXIT
 * // stopped: 0 worker/producer threads alive at exit
 * WorkbookServer.start(app, ThreadsAtExit.named("audit-writer"));  // chapter 4
 * // stopped: 0 audit-writer threads alive at exit
 * }</pre>
 *
 * @param what     how the line names them, e.g. {@code worker/producer threads}
 * @param reported which thread names are counted
 * @param grace    how long the stop lets them end before it counts: zero counts them the moment the
 *                 server has stopped (a thread still there is a leak), more suits a thread that the
 *                 server's own stop ends (interrupted, it takes a moment)
 */
public record ThreadsAtExit(String what, Predicate<String> reported, Duration grace) {

    /** The grace of {@link #named}: the stop interrupts the thread, which then ends within milliseconds. */
    public static final Duration NAMED_GRACE = Duration.ofSeconds(2);
    private static final int LISTED = 5;
    private static final long POLL_MILLIS = 20;

    public ThreadsAtExit {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
    }

    /** The one thread named {@code name}, which the server's stop ends: {@code stopped: 0 <name> threads alive at exit}. */
    public static ThreadsAtExit named(String name) {
        return new ThreadsAtExit(name + " threads", name::equals, NAMED_GRACE);
    }

    /** Names of the reported threads alive now, sorted (virtual ones too, where the capture sees them). */
    public List<String> alive() {
        return ThreadCapture.create().capture().threads().stream()
                .map(ThreadSample::name)
                .filter(reported)
                .sorted()
                .collect(Collectors.toList());
    }

    /** The reported threads still alive once they have ended or the grace has run out. */
    List<String> aliveAfterGrace() throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> alive = alive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            alive = alive();
        }
        return alive;
    }

    /** {@code stopped: 2 worker/producer threads alive at exit (worker-1-1, worker-1-2)}. */
    String stoppedLine(List<String> alive) {
        return "stopped: " + alive.size() + " " + what + " alive at exit"
                + (alive.isEmpty() ? "" : " (" + alive.stream().limit(LISTED).collect(Collectors.joining(", "))
                + (alive.size() > LISTED ? ", … " + (alive.size() - LISTED) + " more" : "") + ")");
    }
}
