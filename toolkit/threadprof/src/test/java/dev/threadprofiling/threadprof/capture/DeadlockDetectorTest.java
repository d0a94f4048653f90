package dev.threadprofiling.threadprof.capture;

import static dev.threadprofiling.threadprof.capture.DeadlockedThreads.Resource.LOCK;
import static dev.threadprofiling.threadprof.capture.DeadlockedThreads.Resource.MONITOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class DeadlockDetectorTest {

    private static final String PARTY = DeadlockedThreads.Party.class.getName();

    @Test
    void twoThreadsOnReentrantLocksAreFoundAndGoneOnceReleased() throws Exception {
        List<Long> ids;
        try (DeadlockedThreads deadlocked = DeadlockedThreads.start("locks2", LOCK, LOCK)) {
            ids = deadlocked.ids();
            Deadlock cycle = cycleOf(DeadlockDetector.create().find(), ids);
            assertEquals(Deadlock.Detection.JVM, cycle.detectedBy());
            assertEquals(ids, cycle.threadIds(), "locks2-0 waits for locks2-1 and back");
            for (int i = 0; i < 2; i++) {
                assertEdge(cycle.edges().get(i), "locks2-" + i, Deadlock.LockKind.SYNCHRONIZER,
                        "java.util.concurrent.locks.ReentrantLock$NonfairSync", "locks2-" + (1 - i),
                        Deadlock.Taken.HOLDER_APPLICATION_FRAME, "takeNext");
            }
        }
        assertNoCycleAmong(ids);
    }

    @Test
    void threeThreadsOnMonitorsAndALockNameTheFrameThatLockedEachMonitor() throws Exception {
        List<Long> ids;
        try (DeadlockedThreads deadlocked = DeadlockedThreads.start("mixed3", MONITOR, MONITOR, LOCK)) {
            ids = deadlocked.ids();
            Deadlock cycle = cycleOf(DeadlockDetector.create().find(), ids);
            assertEquals(ids, cycle.threadIds());
            // mixed3-i waits for resource i+1: 1 is a monitor, 2 a lock, 0 a monitor
            assertEdge(cycle.edges().get(0), "mixed3-0", Deadlock.LockKind.MONITOR, "java.lang.Object", "mixed3-1",
                    Deadlock.Taken.LOCKED_AT, "holdOwn");
            assertEdge(cycle.edges().get(1), "mixed3-1", Deadlock.LockKind.SYNCHRONIZER,
                    "java.util.concurrent.locks.ReentrantLock$NonfairSync", "mixed3-2",
                    Deadlock.Taken.HOLDER_APPLICATION_FRAME, "takeNext");
            assertEdge(cycle.edges().get(2), "mixed3-2", Deadlock.LockKind.MONITOR, "java.lang.Object", "mixed3-0",
                    Deadlock.Taken.LOCKED_AT, "holdOwn");
        }
        assertNoCycleAmong(ids);
    }

    @Test
    void aCaptureCarriesTheCycleAndKeepsEveryThread() throws Exception {
        try (DeadlockedThreads deadlocked = DeadlockedThreads.start("captured", LOCK, MONITOR, LOCK)) {
            ThreadProfile profile = ThreadCapture.create().capture();
            Deadlock cycle = cycleOf(profile.deadlocks(), deadlocked.ids());
            for (long id : deadlocked.ids()) {
                assertTrue(profile.threads().stream().anyMatch(t -> t.id() == id), "thread " + id + " is still in the profile");
                assertEquals(cycle, profile.deadlockOf(id));
            }
            assertTrue(ThreadCapture.create().detectingDeadlocks(DeadlockDetector.Policy.NEVER).capture().deadlocks().isEmpty(),
                    "NEVER does not look");
        }
    }

    @Test
    void blockedThreadsWithoutACycleAreNotADeadlock() throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = named("holder", () -> {
            lock.lock();
            try {
                synchronized (monitor) {
                    holding.countDown();
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        holder.start();
        holding.await();
        Thread blocked = named("blocked-on-monitor", () -> {
            synchronized (monitor) {
                Thread.onSpinWait();
            }
        });
        Thread parked = named("parked-on-lock", () -> {
            lock.lock();
            lock.unlock();
        });
        blocked.start();
        parked.start();
        try {
            awaitState(blocked, Thread.State.BLOCKED);
            awaitState(parked, Thread.State.WAITING);
            ThreadProfile profile = ThreadCapture.create().capture();
            assertTrue(DeadlockDetector.someoneWaitsForALock(profile.threads()),
                    "the capture sees threads waiting for held locks, so the JVM was asked");
            ThreadSample blockedSample = profile.threads().stream().filter(t -> t.id() == blocked.getId()).findFirst().orElseThrow();
            assertEquals(holder.getId(), blockedSample.waitingOn().ownerId());
            assertEquals(List.of(), profile.deadlocks(), "waiting for a lock is not a deadlock");
        } finally {
            release.countDown();
            for (Thread thread : List.of(holder, blocked, parked)) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), thread.getName() + " ended");
            }
        }
    }

    private static Thread named(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (thread.getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " is " + thread.getState() + ", not " + state);
            }
            Thread.sleep(5);
        }
    }

    private static Deadlock cycleOf(List<Deadlock> found, List<Long> ids) {
        for (Deadlock deadlock : found) {
            if (deadlock.threadIds().containsAll(ids)) {
                return deadlock;
            }
        }
        throw new AssertionError("no cycle of " + ids + " in " + found);
    }

    private static void assertNoCycleAmong(List<Long> ids) {
        for (Deadlock deadlock : DeadlockDetector.create().find()) {
            for (long id : ids) {
                assertFalse(deadlock.contains(id), "thread " + id + " was released, yet found in " + deadlock);
            }
        }
    }

    private static void assertEdge(Deadlock.Edge edge, String thread, Deadlock.LockKind kind, String lockClass,
            String holder, Deadlock.Taken taken, String method) {
        assertEquals(thread, edge.threadName());
        assertEquals(kind, edge.lock().kind(), thread);
        assertEquals(lockClass, edge.lock().className(), thread);
        assertEquals(holder, edge.holderName(), thread);
        assertEquals(taken, edge.taken(), thread);
        assertNotNull(edge.takenAt(), thread);
        assertEquals(PARTY, edge.takenAt().className(), thread);
        assertEquals(method, edge.takenAt().methodName(), thread);
    }
}
