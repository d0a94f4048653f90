package dev.threadprofiling.threadprof.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads that wait for each other on purpose, each wait at a known line: a contended
 * {@code synchronized}, a contended {@link ReentrantLock}, and a {@link SynchronousQueue} hand-off.
 */
public final class Contenders {

    public static final long HOLD_MILLIS = 60;

    /** The monitor {@link #enterSynchronized} contends for; its class is the lock class JFR reports. */
    public static final class Ledger {
    }

    public static final Ledger LEDGER = new Ledger();
    public static final ReentrantLock LOCK = new ReentrantLock();
    public static void enterSynchronized() {
        synchronized (LEDGER) { // waits: synchronized
            sleep(HOLD_MILLIS);
        }
    }

    public static void takeLock() {
        LOCK.lock(); // waits: lock
        try {
            sleep(HOLD_MILLIS);
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

    /** Two named threads run {@code work} at once, so one waits for the other; returns when both are done. */
    public static void contend(String name, Runnable work) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(2);
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            threads[i] = new Thread(() -> {
                ready.countDown();
                work.run();
            }, name + "-" + (i + 1));
            threads[i].start();
            if (i == 0) {
                sleep(10); // most often the first one gets in first; either may
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
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
