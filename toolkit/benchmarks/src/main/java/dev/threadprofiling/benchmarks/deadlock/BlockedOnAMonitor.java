package dev.threadprofiling.benchmarks.deadlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A contended monitor without a deadlock: {@code monitor-holder} holds it until {@link #close()}, and
 * {@code blocked} threads {@code monitor-blocked-<i>} are BLOCKED entering it. Enough for a capture
 * to see threads waiting for a held lock, so that {@code WHEN_THREADS_WAIT_FOR_LOCKS} asks the JVM.
 */
final class BlockedOnAMonitor implements AutoCloseable {

    private final Object monitor = new Object();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    static BlockedOnAMonitor start(int blocked, Duration timeout) throws InterruptedException {
        BlockedOnAMonitor scene = new BlockedOnAMonitor();
        CountDownLatch holding = new CountDownLatch(1);
        scene.add("monitor-holder", () -> {
            synchronized (scene.monitor) {
                holding.countDown();
                try {
                    scene.release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holding.await();
        for (int i = 0; i < blocked; i++) {
            scene.add("monitor-blocked-" + i, () -> {
                synchronized (scene.monitor) {
                    Thread.onSpinWait();
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : scene.threads.subList(1, scene.threads.size())) {
            while (thread.getState() != Thread.State.BLOCKED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(thread.getName() + " is " + thread.getState() + ", not BLOCKED, after " + timeout);
                }
                Thread.sleep(5);
            }
        }
        return scene;
    }

    private void add(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }
}
