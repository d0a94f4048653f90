package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code threadprof_threads}: the profile's largest groups, bounded, on {@code /metrics}, without a thread per scrape. */
class ThreadGroupMetricsTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SCRAPES = 20;
    private static final StackFrame PARK = new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null, StackFrame.NATIVE);
    private static final StackFrame TAKE = new StackFrame(null, "dev.example.TaskQueue", "take", "TaskQueue.java", 47);
    private static final StackFrame PUT = new StackFrame(null, "dev.example.TaskQueue", "put", "TaskQueue.java", 30);
    private static final StackFrame START = new StackFrame(null, "dev.example.WorkerPool", "start", "WorkerPool.java", 83);

    @Test
    void largestGroupsFirstThenOtherAndTheSeriesSumToTheTotal() {
        List<ThreadSample> threads = new ArrayList<>();
        for (int request = 1; request <= 3; request++) {
            for (int n = 1; n <= 4; n++) {
                threads.add(thread("worker-" + request + "-" + n, TAKE, START));
            }
            threads.add(thread("producer-" + request, PUT, START));
        }
        threads.add(new ThreadSample(1, "main", "RUNNABLE", false, false, List.of(PARK), null, null,
                ThreadSample.Origin.BEFORE_RECORDING));
        threads.add(new ThreadSample(2, "Reference Handler", "RUNNABLE", true, false, List.of(), null, null,
                ThreadSample.Origin.BEFORE_RECORDING));
        ThreadProfile profile = new ThreadProfile(Instant.EPOCH, null, threads);

        List<ThreadGroupMetrics.Group> groups = ThreadGroupMetrics.groups(profile, 2);

        assertEquals(List.of(
                new ThreadGroupMetrics.Group("WAITING", "worker-*-*", "dev.example.TaskQueue.take", "dev.example.WorkerPool.start", 12),
                new ThreadGroupMetrics.Group("WAITING", "producer-*", "dev.example.TaskQueue.put", "dev.example.WorkerPool.start", 3),
                new ThreadGroupMetrics.Group("other", "other", "other", "other", 2)), groups);
        assertEquals(profile.total(), groups.stream().mapToInt(ThreadGroupMetrics.Group::count).sum());
        assertEquals("none", ThreadGroupMetrics.groups(profile, 4).get(2).frame(), "no application frame");
        assertEquals("unknown", ThreadGroupMetrics.groups(profile, 4).get(3).createdBy(), "no recorded start");
        assertEquals(0, ThreadGroupMetrics.groups(profile, 10).get(4).count(), "other is there even when empty");
        assertThrows(IllegalArgumentException.class, () -> new ThreadGroupMetrics(() -> profile, 0));
    }

    @Test
    void nameShapesDoNotChangeFromRunToRun() {
        assertEquals("worker-*-*", ThreadGroupMetrics.nameShape("worker-12-3"));
        assertEquals("http-*-acceptor-*@*-ServerConnector@*{HTTP/*.*, (http/*.*)}{*.*.*.*:*}",
                ThreadGroupMetrics.nameShape("http-1-acceptor-0@4a5d2bc1-ServerConnector@6c3708b3{HTTP/1.1, (http/1.1)}{127.0.0.1:6241}"));
        assertEquals("Reference Handler", ThreadGroupMetrics.nameShape("Reference Handler"));
        assertEquals("JFR Recorder Thread", ThreadGroupMetrics.nameShape("JFR Recorder Thread"));
    }

    @Test
    void pluginServesTheGroupsOnMetricsBoundedByTheSetting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        Javalin app = ThreadDebugPluginTest.start(new ThreadDebugPlugin(cfg -> {
            cfg.createdBy = false;
            cfg.threadGroups = 3;
        }), config -> {
        });
        try {
            for (int i = 1; i <= 7; i++) {
                Thread thread = new Thread(() -> awaitQuietly(release), "group-metrics-test-" + i);
                thread.start();
                parked.add(thread);
            }
            List<PrometheusText.Sample> series = PrometheusText.parse(ThreadDebugPluginTest.get(app, "/metrics").body())
                    .stream().filter(s -> s.name().equals("threadprof_threads")).toList();

            assertEquals(4, series.size(), "3 groups plus other: " + series);
            assertTrue(series.stream().anyMatch(s -> s.value() == 7
                    && s.labels().get("name").equals("group-metrics-test-*")
                    && s.labels().get("state").equals("WAITING")
                    && s.labels().get("frame").equals(ThreadGroupMetricsTest.class.getName() + ".awaitQuietly")
                    && s.labels().get("created_by").equals("unknown")), "the parked threads' group: " + series);
            assertTrue(series.stream().anyMatch(s -> s.labels().values().stream().allMatch("other"::equals)),
                    "the other series: " + series);
        } finally {
            release.countDown();
            app.stop();
            for (Thread thread : parked) {
                thread.join();
            }
        }
    }

    @Test
    void aScrapeStartsNoThreadAndTheCheckWouldSeeOneThatDid() {
        ThreadStartTracker tracker = ThreadStartTracker.shared();
        ThreadCapture capture = ThreadCapture.withCreatedBy(tracker);

        assertEquals(0, threadsStartedByScrapes(capture::capture), "the plugin's capture path, scraped " + SCRAPES + " times");

        Supplier<ThreadProfile> startsOne = () -> {
            Thread helper = new Thread(() -> {
            }, "group-metrics-test-per-scrape");
            helper.start();
            return capture.capture();
        };
        assertEquals(SCRAPES, threadsStartedByScrapes(startsOne), "a capture that started a thread per scrape");
    }

    /** Threads the JVM started during {@link #SCRAPES} refreshes and scrapes (after one of each to load the classes). */
    private static long threadsStartedByScrapes(Supplier<ThreadProfile> capture) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ThreadGroupMetrics metrics = new ThreadGroupMetrics(capture, 10).bindTo(registry);
        metrics.refresh();
        registry.scrape();
        long before = THREADS.getTotalStartedThreadCount();
        for (int i = 0; i < SCRAPES; i++) {
            metrics.refresh();
            assertTrue(registry.scrape().contains("threadprof_threads{"));
        }
        return THREADS.getTotalStartedThreadCount() - before;
    }

    private static ThreadSample thread(String name, StackFrame appFrame, StackFrame creator) {
        return new ThreadSample(name.hashCode(), name, "WAITING", false, false, List.of(PARK, appFrame), null,
                new CreationSite(1, "main", List.of(creator)), ThreadSample.Origin.RECORDED);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
