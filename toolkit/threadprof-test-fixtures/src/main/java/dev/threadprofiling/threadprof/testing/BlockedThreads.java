package dev.threadprofiling.threadprof.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real threads in known states, for format tests: {@value #QUEUE_WAITERS} named {@code tp-queue-N}
 * parked in {@link LinkedBlockingQueue#take()}, one {@code tp-holder} holding a monitor, and
 * {@value #CONTENDERS} named {@code tp-contender-N} BLOCKED on it. {@link #close()} releases and
 * joins them all.
 */
public final class BlockedThreads implements AutoCloseable {

    public static final int QUEUE_WAITERS = 5;
    public static final int CONTENDERS = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Object monitor = new Object();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> queueWaiters = new ArrayList<>();
    private final List<Thread> contenders = new ArrayList<>();
    private final Thread holder;

    private BlockedThreads() {
        for (int i = 1; i <= QUEUE_WAITERS; i++) {
            queueWaiters.add(new Thread(this::awaitItem, "tp-queue-" + i));
        }
        holder = new Thread(this::holdMonitor, "tp-holder");
        for (int i = 1; i <= CONTENDERS; i++) {
            contenders.add(new Thread(this::enterMonitor, "tp-contender-" + i));
        }
    }

    /** Starts the threads and waits until each is in its state. */
    public static BlockedThreads start() throws InterruptedException {
        BlockedThreads threads = new BlockedThreads();
        try {
            threads.queueWaiters.forEach(Thread::start);
            threads.holder.start();
            if (!threads.holding.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("tp-holder did not take the monitor within " + DEADLINE);
            }
            threads.contenders.forEach(Thread::start);
            awaitCondition("queue waiters WAITING and contenders BLOCKED", () ->
                    threads.queueWaiters.stream().allMatch(t -> t.getState() == Thread.State.WAITING)
                            && threads.contenders.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED));
            return threads;
        } catch (RuntimeException | Error | InterruptedException e) {
            threads.close();
            throw e;
        }
    }

    public Thread holder() {
        return holder;
    }

    public List<Thread> all() {
        List<Thread> all = new ArrayList<>(queueWaiters);
        all.add(holder);
        all.addAll(contenders);
        return all;
    }

    private void awaitItem() {
        try {
            queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void holdMonitor() {
        synchronized (monitor) {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void enterMonitor() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Releases every thread and joins it; fails if one is still alive after the deadline. */
    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < QUEUE_WAITERS; i++) {
            queue.add("done");
        }
        release.countDown();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : all()) {
            if (thread.getState() != Thread.State.NEW) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still alive after " + DEADLINE);
            }
        }
    }

    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        awaitCondition(what, condition, DEADLINE);
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
    static void awaitCondition(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
