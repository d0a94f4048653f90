package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** {@code /metrics} counts deadlocked threads: Micrometer's {@code JvmThreadDeadlockMetrics}, bound by {@link JvmMetrics}. */
class DeadlockMetricsTest {

    @Test
    void deadlockedThreadsAreCountedAndTheCountFallsWhenTheyAreReleased() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JvmMetrics metrics = JvmMetrics.bindTo(registry)) {
            assertEquals(0.0, deadlocked(registry), "no deadlock yet");
            ReentrantLock first = new ReentrantLock();
            ReentrantLock second = new ReentrantLock();
            CountDownLatch bothHolding = new CountDownLatch(2);
            List<Thread> threads = List.of(cross("metrics-deadlock-0", first, second, bothHolding),
                    cross("metrics-deadlock-1", second, first, bothHolding));
            threads.forEach(Thread::start);
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (ManagementFactory.getThreadMXBean().findDeadlockedThreads() == null && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(2.0, deadlocked(registry), registry.scrape());
            } finally {
                threads.forEach(Thread::interrupt);
                for (Thread thread : threads) {
                    thread.join(10_000);
                    assertFalse(thread.isAlive(), thread.getName() + " ended");
                }
            }
            assertEquals(0.0, deadlocked(registry), "released");
        }
    }

    private static double deadlocked(PrometheusMeterRegistry registry) {
        return PrometheusText.parse(registry.scrape()).stream()
                .filter(sample -> sample.name().equals("jvm_threads_deadlocked_threads"))
                .findFirst().orElseThrow(() -> new AssertionError("no jvm_threads_deadlocked_threads in\n" + registry.scrape()))
                .value();
    }

    /** Holds {@code own}, then waits (interruptibly) for {@code other}. */
    private static Thread cross(String name, ReentrantLock own, ReentrantLock other, CountDownLatch bothHolding) {
        Thread thread = new Thread(() -> {
            own.lock();
            try {
                bothHolding.countDown();
                bothHolding.await();
                other.lockInterruptibly();
                other.unlock();
            } catch (InterruptedException e) {
                // released by the test
            } finally {
                own.unlock();
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
