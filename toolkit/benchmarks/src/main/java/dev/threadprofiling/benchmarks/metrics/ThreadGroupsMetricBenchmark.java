package dev.threadprofiling.benchmarks.metrics;

import dev.threadprofiling.benchmarks.ParkedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.javalin.JvmMetrics;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import dev.threadprofiling.threadprof.javalin.ThreadGroupMetrics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of {@code threadprof_threads} ({@link ThreadGroupMetrics}: one capture and grouping per scrape) with
 * {@code threads} parked platform threads, side by side in one JVM: the registry's scrape with the JVM meters
 * only and with the groups too, and {@code GET /metrics} over HTTP from two Javalin servers with the plugin,
 * {@code threadGroups = 10} and {@code 0}.
 *
 * <pre>
 * java -Xss256k -jar toolkit/benchmarks/target/benchmarks.jar ThreadGroupsMetricBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -bm sample -tu ms
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class ThreadGroupsMetricBenchmark {

    @Param({"1000", "10000"})
    public int threads;

    private ParkedThreads parked;
    private PrometheusMeterRegistry jvmOnly;
    private PrometheusMeterRegistry withGroups;
    private JvmMetrics jvmOnlyMetrics;
    private JvmMetrics withGroupsMetrics;
    private ThreadGroupMetrics groups;
    private Javalin serverWithGroups;
    private Javalin serverWithout;
    private HttpClient http;
    private HttpRequest requestWithGroups;
    private HttpRequest requestWithout;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        ThreadStartTracker tracker = ThreadStartTracker.shared();
        jvmOnly = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        jvmOnlyMetrics = JvmMetrics.bindTo(jvmOnly);
        withGroups = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        withGroupsMetrics = JvmMetrics.bindTo(withGroups);
        ThreadCapture capture = ThreadCapture.withCreatedBy(tracker);
        groups = new ThreadGroupMetrics(capture::capture, 10).bindTo(withGroups);
        serverWithGroups = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin())).start("127.0.0.1", 0);
        serverWithout = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin(cfg -> cfg.threadGroups = 0)))
                .start("127.0.0.1", 0);
        http = HttpClient.newHttpClient();
        requestWithGroups = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverWithGroups.port() + "/metrics")).build();
        requestWithout = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverWithout.port() + "/metrics")).build();
        // Started after the tracker, so their starts are recorded as the workers' are.
        parked = ParkedThreads.start(threads, "worker-", Duration.ofSeconds(120));
        tracker.awaitUpToDate(Duration.ofSeconds(10));
    }

    @TearDown(Level.Trial)
    public void stop() {
        serverWithGroups.stop();
        serverWithout.stop();
        jvmOnlyMetrics.close();
        withGroupsMetrics.close();
        parked.close();
    }

    /** The JVM meters alone. */
    @Benchmark
    public String scrapeJvmMeters() {
        return jvmOnly.scrape();
    }

    /** The JVM meters and threadprof_threads: what the plugin's /metrics does. */
    @Benchmark
    public String scrapeWithThreadGroups() {
        groups.refresh();
        return withGroups.scrape();
    }

    /** GET /metrics of a server with the plugin's defaults (threadGroups = 10). */
    @Benchmark
    public String httpWithThreadGroups() throws Exception {
        return http.send(requestWithGroups, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** GET /metrics of a server with threadGroups = 0. */
    @Benchmark
    public String httpWithoutThreadGroups() throws Exception {
        return http.send(requestWithout, HttpResponse.BodyHandlers.ofString()).body();
    }
}
