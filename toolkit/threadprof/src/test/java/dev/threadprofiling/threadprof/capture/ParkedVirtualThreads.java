package dev.threadprofiling.threadprof.capture;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code count} virtual threads named {@code <prefix>N}, each parked in {@link BlockingQueue#take()}:
 * leaked goroutines in Java form. Started through reflection ({@code Thread.ofVirtual()} is Java 21+,
 * this module compiles for 17). {@link #close()} releases and joins them.
 */
final class ParkedVirtualThreads implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private ParkedVirtualThreads() {
    }

    static boolean supported() {
        return Runtime.version().feature() >= 21;
    }

    static ParkedVirtualThreads start(String prefix, int count) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Method name = builderType.getMethod("name", String.class);
        Method start = builderType.getMethod("start", Runnable.class);
        ParkedVirtualThreads parked = new ParkedVirtualThreads();
        for (int i = 1; i <= count; i++) {
            name.invoke(builder, prefix + i);
            parked.threads.add((Thread) start.invoke(builder, (Runnable) parked::awaitItem));
        }
        return parked;
    }

    List<Thread> threads() {
        return threads;
    }

    /** Waits until every thread is parked (WAITING). */
    ParkedVirtualThreads awaitParked() throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(thread.getName() + " not parked within " + DEADLINE + ": " + thread.getState());
                }
                Thread.sleep(10);
            }
        }
        return this;
    }

    private void awaitItem() {
        try {
            queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        threads.forEach(t -> queue.add("done"));
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still alive after " + DEADLINE);
            }
        }
    }
}
