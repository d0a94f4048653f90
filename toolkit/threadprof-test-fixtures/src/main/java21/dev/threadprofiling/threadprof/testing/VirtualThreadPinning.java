package dev.threadprofiling.threadprof.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual threads that block in ways that do or do not pin their carrier thread (Java 21+), each
 * pinning blocking call at a line marked {@code // pins: <case>}:
 *
 * <table>
 *   <caption>case → pins its carrier on</caption>
 *   <tr><td>{@link Case#SLEEP}</td><td>never: the baseline</td></tr>
 *   <tr><td>{@link Case#SYNCHRONIZED}</td><td>Java 21 to 23; not since Java 24 (JEP 491)</td></tr>
 *   <tr><td>{@link Case#REENTRANT_LOCK}</td><td>never: the fix on Java 21</td></tr>
 *   <tr><td>{@link Case#CLASS_INITIALIZER}</td><td>every version so far, 25 included</td></tr>
 * </table>
 * Every thread works on its own monitor, lock or class: nothing is contended, so any slowdown is
 * pinning. {@link #run} returns the wall time of all of them.
 *
 * <pre>{@code
 * Duration wall = VirtualThreadPinning.run(Case.SYNCHRONIZED, "pin", 8, Duration.ofMillis(100));
 * // Java 21, 2 carriers: about 8 × 100 ms / 2 = 400 ms; Java 25: about 100 ms
 * }</pre>
 */
public final class VirtualThreadPinning {

    /** What each virtual thread does around its sleep (the simulated I/O call). */
    public enum Case {
        SLEEP("sleep", "sleeps, holding nothing"),
        SYNCHRONIZED("synchronized", "sleeps inside synchronized on a monitor of its own"),
        REENTRANT_LOCK("reentrant-lock", "sleeps holding a ReentrantLock of its own"),
        CLASS_INITIALIZER("class-initializer", "initialises a class of its own whose static initializer sleeps");

        private final String id;
        private final String description;

        Case(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** {@code sleep}, {@code synchronized}, {@code reentrant-lock} or {@code class-initializer}. */
        public String id() {
            return id;
        }

        public String description() {
            return description;
        }

        /** The case whose {@link #id()} is {@code id}. */
        public static Case of(String id) {
            for (Case c : values()) {
                if (c.id.equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("case must be one of sleep, synchronized, reentrant-lock or"
                    + " class-initializer, not \"" + id + "\"");
        }
    }

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** How long the static initializer of the class being initialised sleeps: set by the thread that initialises it. */
    private static final ThreadLocal<Duration> INITIALIZER_SLEEP = new ThreadLocal<>();
    /**
     * Where each {@link Case#SYNCHRONIZED} call publishes its monitor: a monitor that never left its
     * thread would let the JIT compiler prove the lock useless and remove it (lock elision), and with
     * it the pinning, after a few thousand calls.
     */
    private static volatile Object lastMonitor;

    private VirtualThreadPinning() {
    }

    /**
     * Starts {@code threads} virtual threads named {@code <prefix>-1} … {@code <prefix>-N}, each doing
     * {@code work} with a sleep of {@code sleep}, and waits for all of them.
     *
     * @return the wall time from the first start to the last end
     */
    public static Duration run(Case work, String prefix, int threads, Duration sleep) throws InterruptedException {
        Thread.Builder builder = Thread.ofVirtual().name(prefix + "-", 1);
        List<Thread> started = new ArrayList<>(threads);
        long begin = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            started.add(builder.start(() -> perform(work, sleep)));
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : started) {
            if (!thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                throw new IllegalStateException(thread.getName() + " still runs after " + DEADLINE);
            }
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** The carriers the virtual-thread scheduler runs on ({@code jdk.virtualThreadScheduler.parallelism}). */
    public static int parallelism() {
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return configured != null ? Integer.parseInt(configured) : Runtime.getRuntime().availableProcessors();
    }

    /** The line of this file's {@code // pins: <case>} marker, where a pinned thread blocks. */
    public static int pinningLine(Case work) throws IOException {
        Class<?> file = work == Case.CLASS_INITIALIZER ? SlowInitializer.class : VirtualThreadPinning.class;
        return SourceMarkers.lineOf("java21", file, "// pins: " + work.id());
    }

    /** Blocks for {@code sleep} in {@code work}'s way on the calling thread (pinning it if it is virtual). */
    public static void perform(Case work, Duration sleep) {
        try {
            switch (work) {
                case SLEEP -> Thread.sleep(sleep);
                case SYNCHRONIZED -> {
                    Object monitor = new Object();
                    lastMonitor = monitor;
                    synchronized (monitor) {
                        Thread.sleep(sleep); // pins: synchronized
                    }
                }
                case REENTRANT_LOCK -> {
                    ReentrantLock lock = new ReentrantLock();
                    lock.lock();
                    try {
                        Thread.sleep(sleep);
                    } finally {
                        lock.unlock();
                    }
                }
                case CLASS_INITIALIZER -> initialiseFreshCopy(sleep);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Initialises a copy of {@link SlowInitializer} of its own (a class is initialised once per class
     * loader, so each call loads it again), whose static initializer sleeps for {@code sleep}.
     */
    private static void initialiseFreshCopy(Duration sleep) {
        INITIALIZER_SLEEP.set(sleep);
        try {
            Class.forName(SlowInitializer.class.getName(), true, new FreshLoader().define(SlowInitializer.class));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } finally {
            INITIALIZER_SLEEP.remove();
        }
    }

    /** How long {@link SlowInitializer}'s static initializer sleeps: what its initialising thread asked for. */
    public static Duration initializerSleep() {
        return INITIALIZER_SLEEP.get();
    }

    /** Loads one class again from its class file, so that its static initializer runs again. */
    private static final class FreshLoader extends ClassLoader {

        FreshLoader() {
            super("pinning-fresh-copy", VirtualThreadPinning.class.getClassLoader());
        }

        ClassLoader define(Class<?> type) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no class file " + resource);
                }
                byte[] bytes = in.readAllBytes();
                defineClass(type.getName(), bytes, 0, bytes.length);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
