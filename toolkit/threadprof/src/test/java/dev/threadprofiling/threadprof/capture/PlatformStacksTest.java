package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.StackFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A repeated capture keeps the stacks of threads still in the same wait and walks the others: the
 * result must equal a capture that walks every stack, however the threads moved in between.
 */
class PlatformStacksTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void theWaitedCountTellsTwoParksWithTheSameStateApart() throws Exception {
        try (Movers movers = Movers.start(1, Movers.Site.PARK_A)) {
            long id = movers.id(0);
            ThreadInfo atA = THREADS.getThreadInfo(new long[] {id}, 0)[0];
            ThreadInfo stillAtA = THREADS.getThreadInfo(new long[] {id}, 0)[0];
            movers.moveAndSettle(0, Movers.Site.PARK_B);
            ThreadInfo atB = THREADS.getThreadInfo(new long[] {id}, 0)[0];

            assertEquals(Thread.State.WAITING, atA.getThreadState());
            assertEquals(atA.getThreadState(), atB.getThreadState(), "the state alone cannot tell A from B");
            assertTrue(PlatformStacks.stillInSameWait(atA, stillAtA), "no move: the same wait");
            assertFalse(PlatformStacks.stillInSameWait(atA, atB), "moved: waited count "
                    + atA.getWaitedCount() + " -> " + atB.getWaitedCount());
        }
    }

    @Test
    void aThreadThatMovedBetweenMonitorsIsWalkedAgain() throws Exception {
        Object lockA = new Object();
        Object lockB = new Object();
        PlatformStacks stacks = new PlatformStacks(true, false);
        Thread contender = new Thread(() -> {
            enterA(lockA);
            enterB(lockB);
        }, "tp-mover-contender");
        synchronized (lockB) {
            synchronized (lockA) {
                contender.start();
                awaitBlockedIn(contender, "enterA");
                assertEquals("enterA", topOwnFrame(stacks, contender));
                assertEquals("enterA", topOwnFrame(stacks, contender), "reused while still blocked on A");
            } // A released: the contender passes it and blocks on B
            awaitBlockedIn(contender, "enterB");
            assertEquals("enterB", topOwnFrame(stacks, contender),
                    "BLOCKED both times, but the blocked count moved on: walked again");
        }
        contender.join(10_000);
        assertFalse(contender.isAlive());
    }

    @ParameterizedTest(name = "per-thread walks: {0}")
    @ValueSource(booleans = {false, true})
    void reusedStacksEqualAFullWalkAfterRandomMoves(boolean perThread) throws Exception {
        int movers = 120;
        PlatformStacks reusing = new PlatformStacks(true, perThread);
        PlatformStacks everyStack = new PlatformStacks(false, perThread);
        Random random = new Random(42);
        try (Movers threads = Movers.start(movers, Movers.Site.PARK_A)) {
            reusing.capture();
            for (int round = 0; round < 12; round++) {
                int moved = 0;
                for (int i = 0; i < movers; i++) {
                    if (random.nextInt(4) == 0) {
                        threads.move(i, Movers.Site.values()[random.nextInt(Movers.Site.values().length)]);
                        moved++;
                    }
                }
                threads.awaitSettled();
                long walkedBefore = reusing.stacksWalked();
                Map<Long, PlatformStacks.Walk> reused = byId(reusing.capture());
                long walked = reusing.stacksWalked() - walkedBefore;
                Map<Long, PlatformStacks.Walk> full = byId(everyStack.capture());

                for (int i = 0; i < movers; i++) {
                    long id = threads.id(i);
                    PlatformStacks.Walk got = reused.get(id);
                    assertNotNull(got, "mover " + i + " missing from the capture");
                    assertEquals(full.get(id).frames(), got.frames(), "round " + round + ", mover " + i
                            + " at " + threads.site(i));
                    String method = threads.site(i).method;
                    assertTrue(got.frames().stream().anyMatch(f -> f.methodName().equals(method)),
                            "mover " + i + " should be in " + method + ": " + got.frames());
                }
                assertTrue(walked < moved + 40, "round " + round + ": walked " + walked + " stacks for "
                        + moved + " moved threads of " + movers + ": the unmoved ones must be reused");
            }
        }
    }

    private static Map<Long, PlatformStacks.Walk> byId(List<PlatformStacks.Walk> walks) {
        return walks.stream().collect(Collectors.toMap(w -> w.info().getThreadId(), Function.identity()));
    }

    private static void enterA(Object lock) {
        synchronized (lock) {
            lock.hashCode();
        }
    }

    private static void enterB(Object lock) {
        synchronized (lock) {
            lock.hashCode();
        }
    }

    @SuppressWarnings("deprecation")
    private static String topOwnFrame(PlatformStacks stacks, Thread thread) {
        return stacks.capture().stream()
                .filter(w -> w.info().getThreadId() == thread.getId())
                .flatMap(w -> w.frames().stream())
                .filter(f -> f.className().equals(PlatformStacksTest.class.getName()))
                .map(StackFrame::methodName)
                .findFirst().orElse("none");
    }

    private static void awaitBlockedIn(Thread thread, String method) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(thread.getState() == Thread.State.BLOCKED
                && List.of(thread.getStackTrace()).stream().anyMatch(e -> e.getMethodName().equals(method)))) {
            assertTrue(System.nanoTime() < deadline, thread.getName() + " not blocked in " + method);
            Thread.sleep(2);
        }
    }

    /** Named threads that wait at one {@link Site} each and move to another on request. */
    static final class Movers implements AutoCloseable {

        enum Site {
            PARK_A("parkA"), PARK_B("parkB"), SLEEP_A("sleepA"), SLEEP_B("sleepB"), WAIT_A("waitA"), WAIT_B("waitB");

            final String method;

            Site(String method) {
                this.method = method;
            }
        }

        private final List<Thread> threads = new ArrayList<>();
        private final Site[] target;
        private final Site[] at;
        private volatile boolean stopped;

        private Movers(int count, Site initial) {
            target = new Site[count];
            at = new Site[count];
            for (int i = 0; i < count; i++) {
                target[i] = initial;
            }
        }

        static Movers start(int count, Site initial) throws InterruptedException {
            Movers movers = new Movers(count, initial);
            for (int i = 0; i < count; i++) {
                int index = i;
                Thread thread = new Thread(() -> movers.run(index), "tp-mover-" + i);
                thread.setDaemon(true);
                movers.threads.add(thread);
                thread.start();
            }
            movers.awaitSettled();
            return movers;
        }

        @SuppressWarnings("deprecation")
        long id(int index) {
            return threads.get(index).getId();
        }

        synchronized Site site(int index) {
            return target[index];
        }

        synchronized void move(int index, Site site) {
            target[index] = site;
            threads.get(index).interrupt();
        }

        void moveAndSettle(int index, Site site) throws InterruptedException {
            move(index, site);
            awaitSettled();
        }

        /** Until every mover is waiting at its target. */
        void awaitSettled() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; i < threads.size(); i++) {
                Thread thread = threads.get(i);
                while (!(atTarget(i) && (thread.getState() == Thread.State.WAITING
                        || thread.getState() == Thread.State.TIMED_WAITING))) {
                    assertTrue(System.nanoTime() < deadline, thread.getName() + " did not settle at " + site(i)
                            + " (" + thread.getState() + ")");
                    Thread.sleep(1);
                }
            }
        }

        private synchronized boolean atTarget(int index) {
            return at[index] == target[index];
        }

        private synchronized Site arrive(int index) {
            at[index] = target[index];
            return at[index];
        }

        private synchronized boolean stillAt(int index, Site site) {
            return !stopped && target[index] == site;
        }

        private void run(int index) {
            while (!stopped) {
                Thread.interrupted(); // a move's interrupt, consumed before the next wait
                switch (arrive(index)) {
                    case PARK_A -> parkA(index);
                    case PARK_B -> parkB(index);
                    case SLEEP_A -> sleepA(index);
                    case SLEEP_B -> sleepB(index);
                    case WAIT_A -> waitA(index);
                    case WAIT_B -> waitB(index);
                    default -> throw new IllegalStateException();
                }
            }
        }

        // One method per site, so that each site has its own stack.
        private void parkA(int index) {
            parkWhileAt(index, Site.PARK_A);
        }

        private void parkB(int index) {
            parkWhileAt(index, Site.PARK_B);
        }

        private void sleepA(int index) {
            sleepWhileAt(index, Site.SLEEP_A);
        }

        private void sleepB(int index) {
            sleepWhileAt(index, Site.SLEEP_B);
        }

        private void waitA(int index) {
            waitWhileAt(index, Site.WAIT_A);
        }

        private void waitB(int index) {
            waitWhileAt(index, Site.WAIT_B);
        }

        private void parkWhileAt(int index, Site site) {
            while (stillAt(index, site) && !Thread.currentThread().isInterrupted()) {
                LockSupport.park(this);
            }
        }

        private void sleepWhileAt(int index, Site site) {
            try {
                while (stillAt(index, site)) {
                    Thread.sleep(60_000);
                }
            } catch (InterruptedException moved) {
                // moved on
            }
        }

        private void waitWhileAt(int index, Site site) {
            Object monitor = new Object();
            synchronized (monitor) {
                try {
                    while (stillAt(index, site)) {
                        monitor.wait(60_000);
                    }
                } catch (InterruptedException moved) {
                    // moved on
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            for (Thread thread : threads) {
                thread.interrupt();
            }
            for (Thread thread : threads) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), thread.getName() + " did not stop");
            }
        }
    }
}
