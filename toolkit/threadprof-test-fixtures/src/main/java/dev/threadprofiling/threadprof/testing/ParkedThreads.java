package dev.threadprofiling.threadprof.testing;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code count} named threads parked in {@link #awaitRelease()} on purpose, so that a profile has a known
 * group: leaked workers in Java form, {@code WAITING} in {@link LinkedBlockingQueue#take()}. Platform threads
 * with a small stack, so that 10,000 fit beside a benchmark's heap ({@link #start}), or virtual threads
 * ({@link #startVirtual}, Java 21+, started through reflection: this module compiles for 17). Both return
 * once every thread is parked in {@value #METHOD}; {@link #close()} releases and joins them.
 *
 * <pre>{@code
 * try (ParkedThreads parked = ParkedThreads.start(7, "blocked-worker-")) {
 *     ThreadProfile profile = ThreadCapture.create().capture();   // a group of 7 at ParkedThreads.awaitRelease
 * }
 * }</pre>
 */
public final class ParkedThreads implements AutoCloseable {

    /** The method every thread parks in: the frame a profile points at. */
    public static final String METHOD = "awaitRelease";

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads;
    private final Duration deadline;

    private ParkedThreads(int count) {
        threads = new ArrayList<>(count);
        deadline = Duration.ofSeconds(30).plusMillis(10L * count);
    }

    /** Starts {@code count} platform threads named {@code <namePrefix>N} (from 1) and waits until each is parked. */
    public static ParkedThreads start(int count, String namePrefix) throws InterruptedException {
        ParkedThreads parked = new ParkedThreads(count);
        for (int i = 1; i <= count; i++) {
            Thread thread = new Thread(null, parked::run, namePrefix + i, 256 * 1024);
            thread.setDaemon(true);
            parked.threads.add(thread);
            thread.start();
        }
        return parked.awaitParked();
    }

    /** Whether this JVM has virtual threads (Java 21+). */
    public static boolean virtualSupported() {
        return Runtime.version().feature() >= 21;
    }

    /** As {@link #start}, with virtual threads ({@code Thread.ofVirtual().name(…).start(…)}); Java 21+. */
    public static ParkedThreads startVirtual(int count, String namePrefix)
            throws ReflectiveOperationException, InterruptedException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Method name = builderType.getMethod("name", String.class);
        Method start = builderType.getMethod("start", Runnable.class);
        ParkedThreads parked = new ParkedThreads(count);
        for (int i = 1; i <= count; i++) {
            name.invoke(builder, namePrefix + i);
            parked.threads.add((Thread) start.invoke(builder, (Runnable) parked::run));
        }
        return parked.awaitParked();
    }

    /** This module's source folder, for {@code go tool pprof -list}'s {@code -source_path}. */
    public static Path sourceRoot() {
        return SourceMarkers.sourceRoot("java");
    }

    /** The line every thread parks at. */
    public static int parkLine() throws IOException {
        return SourceMarkers.lineOf("java", ParkedThreads.class, "// parks here");
    }

    public List<Thread> threads() {
        return threads;
    }

    public int size() {
        return threads.size();
    }

    private void run() {
        try {
            awaitRelease();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitRelease() throws InterruptedException {
        queue.take(); // parks here
    }

    private ParkedThreads awaitParked() throws InterruptedException {
        try {
            BlockedThreads.awaitCondition(threads.size() + " threads to park in ParkedThreads." + METHOD,
                    () -> threads.stream().allMatch(ParkedThreads::parked), deadline);
            return this;
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    /**
     * Parked in {@code queue.take()}: WAITING with a condition as its blocker (a thread still waiting for the
     * queue's lock has the lock as its blocker). Asks no stack: a stack of another thread is a safepoint
     * ("ThreadDump"), which the safepoint page counts.
     */
    private static boolean parked(Thread thread) {
        return thread.getState() == Thread.State.WAITING
                && LockSupport.getBlocker(thread) instanceof AbstractQueuedSynchronizer.ConditionObject;
    }

    /** Releases every thread and joins it; fails naming the first still alive after the deadline. */
    @Override
    public void close() throws InterruptedException {
        threads.forEach(t -> queue.add("done"));
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still alive " + deadline + " after its release");
            }
        }
    }
}
