package dev.threadprofiling.benchmarks.http;

import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.javalin.JvmMetrics;
import dev.threadprofiling.threadprof.javalin.ThreadContentionMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
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
 * Cost of a {@code /metrics} scrape with {@code threads} parked platform threads, with the contention
 * counters and without them, side by side in one JVM. The counters sum every thread's
 * {@code ThreadInfo} on each scrape here ({@code Duration.ZERO}), as a Prometheus scrape every 15 s
 * does; back-to-back scrapes in {@code /metrics} reuse one sum for a second.
 *
 * <pre>
 * java -jar toolkit/benchmarks/target/benchmarks.jar MetricsScrapeBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -bm sample -tu us
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class MetricsScrapeBenchmark {

    /** The meters {@code ThreadContentionMetrics} adds. */
    static final List<String> CONTENTION_METERS =
            List.of("jvm.threads.blocked", "jvm.threads.blocked.time", "jvm.threads.waited");

    @Param({"10", "1000"})
    public int threads;

    private ParkedThreads parked;
    private PrometheusMeterRegistry withContention;
    private PrometheusMeterRegistry withoutContention;
    private JvmMetrics withMetrics;
    private JvmMetrics withoutMetrics;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        parked = ParkedThreads.start(threads, "parked-");
        withContention = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        withMetrics = JvmMetrics.bindTo(withContention);
        withoutContention = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        withoutMetrics = JvmMetrics.bindTo(withoutContention);
        for (String name : CONTENTION_METERS) {
            for (Meter meter : withoutContention.find(name).meters()) {
                withoutContention.remove(meter);
            }
            for (Meter meter : withContention.find(name).meters()) {
                withContention.remove(meter);
            }
        }
        new ThreadContentionMetrics(Duration.ZERO).bindTo(withContention);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        withMetrics.close();
        withoutMetrics.close();
        parked.close();
    }

    /** What {@code GET /metrics} does, reading every thread's contention counts. */
    @Benchmark
    public String scrape() {
        return withContention.scrape();
    }

    /** The same scrape without the three contention counters. */
    @Benchmark
    public String scrapeWithoutContention() {
        return withoutContention.scrape();
    }
}
