package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A thread made to block on a monitor for 100 ms shows up in the counters, and stays there after it ends. */
class ThreadContentionMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name) {
        return registry.get(name).functionCounter().count();
    }

    @Test
    void aBlockedThreadIsCountedAndTimedAndKeptAfterItEnds() throws Exception {
        new ThreadContentionMetrics(Duration.ZERO).bindTo(registry);
        System.gc(); // a counter whose binder was collected would keep its last value from here on
        Object lock = new Object();
        CountDownLatch finish = new CountDownLatch(1);
        Thread contender = new Thread(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "contender-1");
        double blockedBefore = count("jvm.threads.blocked");
        double secondsBefore = count("jvm.threads.blocked.time");
        double waitedBefore = count("jvm.threads.waited");

        synchronized (lock) {
            contender.start();
            awaitState(contender, Thread.State.BLOCKED);
            awaitBlockedFor(contender, 100);
        }
        awaitState(contender, Thread.State.WAITING);
        double blocked = count("jvm.threads.blocked");
        double seconds = count("jvm.threads.blocked.time");
        double waited = count("jvm.threads.waited");
        finish.countDown();
        contender.join();

        assertTrue(blocked >= blockedBefore + 1, "blocked " + blockedBefore + " -> " + blocked);
        assertTrue(seconds >= secondsBefore + 0.09, "blocked seconds " + secondsBefore + " -> " + seconds);
        assertTrue(waited >= waitedBefore + 1, "waited " + waitedBefore + " -> " + waited);
        assertTrue(count("jvm.threads.blocked") >= blocked, "the blocked count fell when contender-1 ended");
        assertTrue(count("jvm.threads.blocked.time") >= seconds, "the blocked time fell when contender-1 ended");
    }

    @Test
    void oneSumServesTheThreeCountersOfAScrape() {
        ThreadContentionMetrics metrics = new ThreadContentionMetrics();
        long[] first = metrics.totals();
        assertSame(first, metrics.totals(), "a second read within " + ThreadContentionMetrics.REUSE + " reads the threads again");
    }

    /** Until the JVM's own count of the time {@code thread} has spent BLOCKED reaches {@code millis}. */
    private static void awaitBlockedFor(Thread thread, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId()).getBlockedTime() < millis) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " was not counted BLOCKED for " + millis + " ms");
            }
            Thread.sleep(1);
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (thread.getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " is " + thread.getState() + ", never " + state);
            }
            Thread.sleep(1);
        }
    }
}
