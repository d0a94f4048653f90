package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

    @Test
    void bindingAndScrapingStartsNoThread() {
        Set<Long> before = liveThreadIds();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String text;
        try (JvmMetrics metrics = JvmMetrics.bindTo(registry)) {
            System.gc(); // delivers a GC notification to JvmGcMetrics' listener
            text = registry.scrape();
        }

        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t.getId()))
                .map(Thread::getName)
                .toList();
        assertEquals(List.of(), started, "threads started by the JVM metrics binders");
        assertTrue(text.contains("jvm_threads_live_threads "), text);
    }

    private static Set<Long> liveThreadIds() {
        return Arrays.stream(Thread.getAllStackTraces().keySet().toArray(new Thread[0]))
                .map(Thread::getId).collect(Collectors.toSet());
    }
}
