package dev.threadprofiling.threadprof.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads that wait for each other on purpose, each wait at a known line: a contended
 * {@code synchronized}, a contended {@link ReentrantLock}, and a {@link SynchronousQueue} hand-off.
 */
public final class Contenders {

    public static final long HOLD_MILLIS = 60;
    private static final long QUEUE_TIMEOUT_SECONDS = 10;

    /** The monitor {@link #enterSynchronized} contends for; its class is the lock class JFR reports. */
    public static final class Ledger {
    }

    public static final Ledger LEDGER = new Ledger();
    public static final ReentrantLock LOCK = new ReentrantLock();
    /**
     * The threads {@link #contend} started that have not got the lock yet. The holder keeps the lock
     * until each of them queues for it, so that one waits under any scheduling.
     */
    private static final Set<Thread> ARRIVING = ConcurrentHashMap.newKeySet();

    public static void enterSynchronized() {
        synchronized (LEDGER) { // waits: synchronized
            hold();
        }
    }

    public static void takeLock() {
        LOCK.lock(); // waits: lock
        try {
            hold();
        } finally {
            LOCK.unlock();
        }
    }

    public static void handOff(SynchronousQueue<String> queue) throws InterruptedException {
        queue.put("entry"); // waits: put
    }

    private Contenders() {
    }

    /** The source folder of this file, for {@code go tool pprof -source_path} and line look-ups. */
    public static Path sourceRoot() {
        return SourceMarkers.sourceRoot("java");
    }

    /** The line of this file that carries {@code // waits: <what>}. */
    public static int lineOf(String what) throws IOException {
        return SourceMarkers.lineOf("java", Contenders.class, "// waits: " + what);
    }

    /**
     * Two named threads run {@code work} ({@link #enterSynchronized} or {@link #takeLock}) at once, so
     * that one waits for the other at least {@link #HOLD_MILLIS}, however late the second one is
     * scheduled; returns when both are done.
     */
    public static void contend(String name, Runnable work) throws InterruptedException {
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            threads[i] = new Thread(work, name + "-" + (i + 1));
        }
        ARRIVING.addAll(List.of(threads));
        try {
            for (Thread thread : threads) {
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10 + QUEUE_TIMEOUT_SECONDS));
            }
        } finally {
            ARRIVING.removeAll(List.of(threads));
        }
    }

    /**
     * Called with the lock held: waits until every thread of {@link #contend} that has not got the
     * lock is queued for it (blocked or parked; at most {@value #QUEUE_TIMEOUT_SECONDS} s), then
     * holds it {@link #HOLD_MILLIS} more. Alone, it just holds the lock {@link #HOLD_MILLIS}.
     */
    private static void hold() {
        ARRIVING.remove(Thread.currentThread());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUEUE_TIMEOUT_SECONDS);
        while (ARRIVING.stream().anyMatch(Contenders::notQueuedYet) && System.nanoTime() < deadline) {
            sleep(1);
        }
        sleep(HOLD_MILLIS);
    }

    private static boolean notQueuedYet(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.NEW || state == Thread.State.RUNNABLE;
    }

    /** {@link #contend} on {@link #enterSynchronized}, started after {@code delayMillis} on a thread of its own. */
    public static Thread contendLater(String name, long delayMillis) {
        Thread driver = new Thread(() -> {
            sleep(delayMillis);
            try {
                contend(name, Contenders::enterSynchronized);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-driver");
        driver.start();
        return driver;
    }

    /** A hand-off whose taker arrives {@code HOLD_MILLIS} late. */
    public static void lateTaker(String name) throws InterruptedException {
        SynchronousQueue<String> queue = new SynchronousQueue<>();
        Thread putter = new Thread(() -> {
            try {
                handOff(queue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-putter");
        putter.start();
        sleep(HOLD_MILLIS);
        queue.take();
        putter.join(TimeUnit.SECONDS.toMillis(10));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
