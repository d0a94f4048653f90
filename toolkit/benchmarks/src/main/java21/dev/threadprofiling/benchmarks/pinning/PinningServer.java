package dev.threadprofiling.benchmarks.pinning;

import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.javalin.QueryParams;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning.Case;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A server to watch pinning through {@code /debug/pinned} (Java 21+), on 127.0.0.1, port
 * {@code $PORT} or 6060. Its requests run on virtual threads (Jetty's pool hands each request to a
 * new virtual thread {@code http-virtual-N}; its selectors stay on platform threads), and it records
 * contention from the start ({@link ContentionRecorder#enable()}, {@code -Dthreadprof.contention.threshold}).
 *
 * <table>
 *   <caption>route → what it does</caption>
 *   <tr><td>{@code GET /run?case=C&threads=N&sleepMs=MS}</td><td>starts N virtual threads that each
 *       block MS ms in case C's way ({@link VirtualThreadPinning}), waits for them, answers with the
 *       wall time</td></tr>
 *   <tr><td>{@code GET /handle?case=C&sleepMs=MS}</td><td>blocks MS ms in case C's way on the
 *       request's own virtual thread: a request handler that does I/O under a lock</td></tr>
 *   <tr><td>{@code /debug/pinned}, {@code /debug/block}, …</td><td>{@link ThreadDebugPlugin}</td></tr>
 * </table>
 *
 * <p>It runs its virtual threads on {@value #CARRIERS} carriers unless
 * {@code -Djdk.virtualThreadScheduler.parallelism} says otherwise: with one carrier per core (the
 * JDK's default), 8 pinned threads on an 8-core machine would take no longer than one, and the
 * lesson would depend on the reader's machine. The listening line says how many, and why.
 *
 * <pre>
 * "$JAVA_HOME/bin/java" -Djdk.virtualThreadScheduler.parallelism=2 -cp toolkit/benchmarks/target/benchmarks.jar \
 *     dev.threadprofiling.benchmarks.pinning.PinningServer
 * curl -s 'http://127.0.0.1:6060/run?case=class-initializer'
 * curl -s 'http://127.0.0.1:6060/debug/pinned?debug=1'
 * </pre>
 */
public final class PinningServer {

    private static final int HTTP_PLATFORM_THREADS = 8;
    /** Carriers when the command line sets none: fewer than the 8 threads a run pins, on any machine. */
    static final int CARRIERS = 2;
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private PinningServer() {
    }

    public static void main(String[] args) {
        // Read once, when the first virtual thread starts: set before any does.
        String given = System.getProperty(PARALLELISM);
        if (given == null) {
            System.setProperty(PARALLELISM, String.valueOf(CARRIERS));
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "6060"));
        Javalin app = create().start("127.0.0.1", port);
        System.out.println(String.format("pinning server listening on http://127.0.0.1:%d (pid %d), Java %s, %d carriers (%s)",
                app.port(), ProcessHandle.current().pid(), Runtime.version(), VirtualThreadPinning.parallelism(),
                given == null ? "-D" + PARALLELISM + " not given: " + CARRIERS + ", fewer than the threads a run pins"
                        : "-D" + PARALLELISM + "=" + given));
    }

    public static Javalin create() {
        ContentionRecorder.enable();
        QueuedThreadPool pool = new QueuedThreadPool(HTTP_PLATFORM_THREADS, HTTP_PLATFORM_THREADS);
        pool.setName("http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-virtual-", 1)
                .factory()));
        return Javalin.create(config -> {
            config.jetty.threadPool = pool;
            config.registerPlugin(new ThreadDebugPlugin());
            config.routes.get("/run", PinningServer::run);
            config.routes.get("/handle", PinningServer::handle);
        });
    }

    private static void run(Context ctx) throws InterruptedException {
        QueryParams query = QueryParams.of(ctx, "case", "threads", "sleepMs");
        Case work = work(query);
        int threads = query.intValue("threads", 8, 1, 10_000);
        Duration sleep = Duration.ofMillis(query.intValue("sleepMs", 100, 0, 10_000));
        Duration wall = VirtualThreadPinning.run(work, "run-" + work.id(), threads, sleep);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("case", work.id());
        answer.put("threads", threads);
        answer.put("sleepMs", sleep.toMillis());
        answer.put("carriers", VirtualThreadPinning.parallelism());
        answer.put("wallMs", wall.toMillis());
        ctx.json(answer);
    }

    private static void handle(Context ctx) {
        QueryParams query = QueryParams.of(ctx, "case", "sleepMs");
        Case work = work(query);
        long started = System.nanoTime();
        VirtualThreadPinning.perform(work, Duration.ofMillis(query.intValue("sleepMs", 50, 0, 10_000)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("case", work.id());
        answer.put("virtual", Thread.currentThread().isVirtual());
        answer.put("ms", (System.nanoTime() - started) / 1_000_000);
        ctx.json(answer);
    }

    /** {@code case}, one of the cases' ids; {@code synchronized} when absent. */
    private static Case work(QueryParams query) {
        String id = query.oneOf("case", Arrays.stream(Case.values()).map(Case::id).toArray(String[]::new));
        return id == null ? Case.SYNCHRONIZED : Case.of(id);
    }
}
