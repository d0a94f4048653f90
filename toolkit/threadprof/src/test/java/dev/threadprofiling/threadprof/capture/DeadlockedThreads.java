package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.Deadlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads {@code <prefix>-0 … <prefix>-(n-1)} in one deadlock: thread i holds resource i (taken in
 * {@link Party#holdOwn()}) and waits for resource i+1 (in {@link Party#takeNext()}); the last waits for
 * resource 0. A resource is a monitor or a {@link ReentrantLock}, one kind per resource.
 *
 * <p>{@link #close()} ends them when the cycle has a lock: interrupted, the thread waiting for it in
 * {@code lockInterruptibly} gives up and lets go of what it holds, and the rest follow. A cycle of
 * monitors only cannot be ended (a thread BLOCKED on a monitor ignores interrupts): run it in a child JVM
 * ({@link DeadlockedChildMain}).
 */
public final class DeadlockedThreads implements AutoCloseable {

    /** What resource i is. */
    public enum Resource { MONITOR, LOCK }

    private final List<Thread> threads = new ArrayList<>();
    private final boolean releasable;

    private DeadlockedThreads(String prefix, Resource... resources) {
        List<Object> monitors = new ArrayList<>();
        List<ReentrantLock> locks = new ArrayList<>();
        for (Resource ignored : resources) {
            monitors.add(new Object());
            locks.add(new ReentrantLock());
        }
        CountDownLatch allHolding = new CountDownLatch(resources.length);
        boolean anyLock = false;
        for (int i = 0; i < resources.length; i++) {
            int next = (i + 1) % resources.length;
            anyLock |= resources[i] == Resource.LOCK;
            Party party = new Party(resources[i], monitors.get(i), locks.get(i),
                    resources[next], monitors.get(next), locks.get(next), allHolding);
            Thread thread = new Thread(party, prefix + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        this.releasable = anyLock;
    }

    /** Starts the threads and returns once the JVM reports them deadlocked (at most 10 s). */
    public static DeadlockedThreads start(String prefix, Resource... resources) throws InterruptedException {
        DeadlockedThreads deadlocked = new DeadlockedThreads(prefix, resources);
        deadlocked.threads.forEach(Thread::start);
        deadlocked.awaitDeadlock(Duration.ofSeconds(10));
        return deadlocked;
    }

    public List<Thread> threads() {
        return threads;
    }

    /** The thread ids, in cycle order. */
    public List<Long> ids() {
        return threads.stream().map(Thread::getId).toList();
    }

    private void awaitDeadlock(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (Deadlock found : DeadlockDetector.create().find()) {
                if (found.threadIds().containsAll(ids())) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the threads did not deadlock within " + limit);
    }

    /** Interrupts the threads and waits until they have ended (at most 10 s). */
    @Override
    public void close() throws InterruptedException {
        if (!releasable) {
            throw new IllegalStateException("a cycle of monitors only cannot be ended");
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            thread.join(10_000);
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not end");
            }
        }
    }

    /** One thread of the cycle. */
    static final class Party implements Runnable {
        private final Resource ownKind;
        private final Object ownMonitor;
        private final ReentrantLock ownLock;
        private final Resource nextKind;
        private final Object nextMonitor;
        private final ReentrantLock nextLock;
        private final CountDownLatch allHolding;

        Party(Resource ownKind, Object ownMonitor, ReentrantLock ownLock, Resource nextKind, Object nextMonitor,
                ReentrantLock nextLock, CountDownLatch allHolding) {
            this.ownKind = ownKind;
            this.ownMonitor = ownMonitor;
            this.ownLock = ownLock;
            this.nextKind = nextKind;
            this.nextMonitor = nextMonitor;
            this.nextLock = nextLock;
            this.allHolding = allHolding;
        }

        @Override
        public void run() {
            try {
                holdOwn();
            } catch (InterruptedException e) {
                // released by close(): what this thread held is let go on the way out
            }
        }

        void holdOwn() throws InterruptedException {
            if (ownKind == Resource.MONITOR) {
                synchronized (ownMonitor) {
                    takeNext();
                }
            } else {
                ownLock.lock();
                try {
                    takeNext();
                } finally {
                    ownLock.unlock();
                }
            }
        }

        void takeNext() throws InterruptedException {
            allHolding.countDown();
            allHolding.await();
            if (nextKind == Resource.MONITOR) {
                synchronized (nextMonitor) {
                    Thread.onSpinWait();
                }
            } else {
                nextLock.lockInterruptibly();
                nextLock.unlock();
            }
        }
    }
}
