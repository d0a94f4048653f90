package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} checked by promtool and by a strict sample parser. */
@Timeout(60) // it waits on a server
class MetricsEndpointTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static Javalin app;

    @BeforeAll
    static void startServer() {
        app = ThreadDebugPluginTest.start(new ThreadDebugPlugin(cfg -> cfg.createdBy = false), config -> {
        });
    }

    @AfterAll
    static void stopServer() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void servesPrometheusText004() throws Exception {
        HttpResponse<String> response = ThreadDebugPluginTest.get(app, "/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", ThreadDebugPluginTest.contentType(response));
        List<String> names = PrometheusText.parse(response.body()).stream().map(PrometheusText.Sample::name).toList();
        for (String expected : List.of("jvm_threads_live_threads", "jvm_threads_states_threads",
                "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "system_cpu_count",
                "process_uptime_seconds", "jvm_threads_blocked_total", "jvm_threads_blocked_time_seconds_total",
                "jvm_threads_waited_total")) {
            assertTrue(names.contains(expected), expected + " missing from " + names);
        }
    }

    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "promtool not installed (/usr/bin/promtool): skipping the promtool check of /metrics");
        String body = ThreadDebugPluginTest.get(app, "/metrics").body();

        PromtoolResult result = promtoolCheck(body);
        // Exit 3 is lint findings only (Micrometer's names such as system_cpu_count); 1 is a parse error.
        assertTrue(result.exit == 0 || result.exit == 3 && !result.output.contains("error"),
                "promtool check metrics exited " + result.exit + ":\n" + result.output);

        PromtoolResult broken = promtoolCheck("jvm_threads_live_threads{area=\"heap 1\n");
        assertEquals(1, broken.exit, "promtool must reject a broken line:\n" + broken.output);
    }

    private record PromtoolResult(int exit, String output) {
    }

    private static PromtoolResult promtoolCheck(String text) throws Exception {
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream stdin = promtool.getOutputStream()) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new PromtoolResult(promtool.exitValue(), output);
    }

    @Test
    void liveThreadsMatchesTheJvmsCount() throws Exception {
        int before = THREADS.getThreadCount();
        String body = ThreadDebugPluginTest.get(app, "/metrics").body();
        int after = THREADS.getThreadCount();

        List<PrometheusText.Sample> live = PrometheusText.parse(body).stream()
                .filter(s -> s.name().equals("jvm_threads_live_threads")).toList();
        assertEquals(1, live.size(), body);
        double value = live.get(0).value();
        int tolerance = 2;
        assertTrue(value >= Math.min(before, after) - tolerance && value <= Math.max(before, after) + tolerance,
                "jvm_threads_live_threads " + value + " but the JVM had " + before + " and then " + after);
    }
}
