package dev.threadprofiling.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** {@code count} named platform threads parked in {@link #parkUntilReleased()} until {@link #close()}. */
public final class ParkedThreads implements AutoCloseable {

    private final List<Thread> threads;
    private volatile boolean released;

    private ParkedThreads(int count) {
        threads = new ArrayList<>(count);
    }

    /** Starts the threads and returns once all of them are parked (or fails after {@code timeout}). */
    public static ParkedThreads start(int count, String namePrefix, Duration timeout) throws InterruptedException {
        ParkedThreads parked = new ParkedThreads(count);
        for (int i = 0; i < count; i++) {
            // A small stack: 10k threads must fit beside the benchmark's heap.
            Thread thread = new Thread(null, parked::parkUntilReleased, namePrefix + i, 256 * 1024);
            thread.setDaemon(true);
            parked.threads.add(thread);
            thread.start();
        }
        parked.awaitAllParked(timeout);
        return parked;
    }

    public int size() {
        return threads.size();
    }

    private void parkUntilReleased() {
        while (!released) {
            LockSupport.park(this);
        }
    }

    private void awaitAllParked(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("thread " + thread.getName() + " is " + thread.getState()
                            + ", not parked, after " + timeout + " (" + threads.size() + " threads started)");
                }
                Thread.sleep(5);
            }
        }
    }

    @Override
    public void close() {
        released = true;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 30 s of release");
            }
        }
    }
}
