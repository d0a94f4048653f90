package dev.threadprofiling.threadprof.format;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Named threads parked in {@link #awaitWork()} on purpose, so a profile has a known group:
 * {@code count} threads {@code blocked-worker-N}, {@code WAITING} on a queue take.
 */
final class BlockedWorkers implements AutoCloseable {

    static final String NAME_PREFIX = "blocked-worker-";
    static final String METHOD = "awaitWork";

    private final BlockingQueue<String> work = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private BlockedWorkers() {
    }

    /** Starts {@code count} workers and waits until every one is parked in {@link #awaitWork()}. */
    static BlockedWorkers start(int count) throws InterruptedException {
        BlockedWorkers workers = new BlockedWorkers();
        for (int i = 1; i <= count; i++) {
            Thread thread = new Thread(workers::run, NAME_PREFIX + i);
            thread.setDaemon(true);
            workers.threads.add(thread);
            thread.start();
        }
        workers.awaitAllParked(Duration.ofSeconds(10));
        return workers;
    }

    private void run() {
        try {
            awaitWork();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitWork() throws InterruptedException {
        work.take(); // the line the profile points at
    }

    private void awaitAllParked(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allParked()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(threads.size() + " " + NAME_PREFIX
                        + "* threads did not all park in " + METHOD + " within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private boolean allParked() {
        for (Thread thread : threads) {
            if (thread.getState() != Thread.State.WAITING || !inAwaitWork(thread.getStackTrace())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inAwaitWork(StackTraceElement[] stack) {
        for (StackTraceElement element : stack) {
            if (element.getClassName().equals(BlockedWorkers.class.getName())
                    && element.getMethodName().equals(METHOD)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 10 s of an interrupt");
            }
        }
    }
}
