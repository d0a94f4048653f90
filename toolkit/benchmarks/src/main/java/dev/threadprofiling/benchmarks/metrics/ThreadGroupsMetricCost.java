package dev.threadprofiling.benchmarks.metrics;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Cost of {@code threadprof_threads} ({@link ThreadGroupMetrics}: one capture and grouping per scrape) with N parked
 * platform threads, side by side in one JVM: each round times, one after the other, the registry's scrape with the
 * JVM meters only, the same with the thread groups, and {@code GET /metrics} over HTTP from two Javalin servers with
 * the plugin, {@code threadGroups = 0} and {@code 10} (the default). Prints the medians of the rounds and the ratios.
 *
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.metrics.ThreadGroupsMetricCost 1000 15
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.metrics.ThreadGroupsMetricCost 10000 15
 * </pre>
 */
public final class ThreadGroupsMetricCost {

    private static final String USAGE = "usage: ThreadGroupsMetricCost THREADS ROUNDS";
    private static final int WARM_UP = 5;

    private ThreadGroupsMetricCost() {
    }

    public static void main(String[] args) throws Exception {
        int threads = BenchmarkSupport.positive("THREADS", BenchmarkSupport.value(args, 0, USAGE));
        int rounds = BenchmarkSupport.positive("ROUNDS", BenchmarkSupport.value(args, 1, USAGE));
        ThreadStartTracker tracker = ThreadStartTracker.shared();
        PrometheusMeterRegistry jvmOnly = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry withGroups = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ThreadGroupMetrics groups = new ThreadGroupMetrics(ThreadCapture.withCreatedBy(tracker)::capture, 10).bindTo(withGroups);
        Javalin serverWith = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin())).start("127.0.0.1", 0);
        Javalin serverWithout = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin(cfg -> cfg.threadGroups = 0)))
                .start("127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient();
        try (JvmMetrics a = JvmMetrics.bindTo(jvmOnly); JvmMetrics b = JvmMetrics.bindTo(withGroups);
                ParkedThreads parked = ParkedThreads.start(threads, "worker-")) {
            tracker.awaitUpToDate(Duration.ofSeconds(30));
            Map<String, Callable<String>> cases = new LinkedHashMap<>();
            cases.put("registry scrape, JVM meters", jvmOnly::scrape);
            cases.put("registry scrape, JVM meters + threadprof_threads", () -> {
                groups.refresh();
                return withGroups.scrape();
            });
            cases.put("GET /metrics, threadGroups = 0", () -> get(http, serverWithout));
            cases.put("GET /metrics, threadGroups = 10 (default)", () -> get(http, serverWith));
            Map<String, double[]> millis = new LinkedHashMap<>();
            cases.keySet().forEach(name -> millis.put(name, new double[rounds]));
            for (int round = -WARM_UP; round < rounds; round++) {
                for (Map.Entry<String, Callable<String>> c : cases.entrySet()) {
                    long start = System.nanoTime();
                    c.getValue().call();
                    if (round >= 0) {
                        millis.get(c.getKey())[round] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
            System.out.printf("%d parked threads (%d live), %d rounds after %d warm-up rounds, medians:%n", threads,
                    Thread.activeCount(), rounds, WARM_UP);
            millis.forEach((name, values) -> System.out.printf("  %-50s %9.2f ms%n", name, BenchmarkSupport.median(values)));
            String[] names = millis.keySet().toArray(new String[0]);
            System.out.printf("  threadprof_threads, registry: x%.2f; over HTTP: x%.2f%n",
                    BenchmarkSupport.median(millis.get(names[1])) / BenchmarkSupport.median(millis.get(names[0])),
                    BenchmarkSupport.median(millis.get(names[3])) / BenchmarkSupport.median(millis.get(names[2])));
        } finally {
            serverWith.stop();
            serverWithout.stop();
        }
    }

    private static String get(HttpClient http, Javalin server) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode());
        }
        return response.body();
    }
}
