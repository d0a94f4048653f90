package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** A test that leaves deadlocked threads behind is told they are deadlocked, and with whom. */
class DeadlockLeakTest {

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();   // interrupts the threads: lockInterruptibly lets them out of the cycle
    }

    @Fixture
    @VerifyNoThreadLeaks(timeoutMillis = 200)
    static class Transfers {
        @Test
        void locksInArgumentOrder() throws InterruptedException {
            transfer(true);
        }

        @Test
        void locksInOneOrder() throws InterruptedException {
            transfer(false);
        }

        /** Two transfers between accounts a and b; with {@code argumentOrder} the second locks b then a. */
        static void transfer(boolean argumentOrder) throws InterruptedException {
            ReentrantLock a = new ReentrantLock();
            ReentrantLock b = new ReentrantLock();
            CountDownLatch bothHoldTheirFirst = new CountDownLatch(2);
            Thread first = Leftovers.keep(new Thread(() -> lockBoth(a, b, bothHoldTheirFirst, argumentOrder), "transfer-a-to-b"));
            Thread second = Leftovers.keep(new Thread(
                    () -> lockBoth(argumentOrder ? b : a, argumentOrder ? a : b, bothHoldTheirFirst, argumentOrder),
                    "transfer-b-to-a"));
            first.start();
            second.start();
            if (!argumentOrder) {
                first.join(TimeUnit.SECONDS.toMillis(10));
                second.join(TimeUnit.SECONDS.toMillis(10));
            }
        }

        private static void lockBoth(ReentrantLock from, ReentrantLock to, CountDownLatch bothHoldTheirFirst,
                boolean waitForTheOther) {
            try {
                from.lockInterruptibly();
                try {
                    bothHoldTheirFirst.countDown();
                    if (waitForTheOther) {
                        bothHoldTheirFirst.await();   // each holds its first lock: the cycle is certain
                    }
                    to.lockInterruptibly();
                    to.unlock();
                } finally {
                    from.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theMessageSaysWhoWaitsForWhom() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Transfers.class, "locksInArgumentOrder"))
                .configurationParameter(Fixture.ENABLED, "true").execute().testEvents();

        List<String> messages = failures(tests);
        assertEquals(1, messages.size(), messages::toString);
        String message = messages.get(0);
        assertTrue(message.startsWith("test locksInArgumentOrder(): " + LeakReport.HEADER), message);
        assertTrue(message.contains("\nDeadlocked: 2 threads wait for each other"), message);
        System.out.println(message);   // the README's example
        String lock = "lock java\\.util\\.concurrent\\.locks\\.ReentrantLock\\$NonfairSync@[0-9a-f]+";
        assertTrue(Pattern.compile("\"transfer-a-to-b\" #\\d+ waits for " + lock + ", held by \"transfer-b-to-a\" #\\d+")
                .matcher(message).find(), message);
        assertTrue(Pattern.compile("\"transfer-b-to-a\" #\\d+ waits for " + lock + ", held by \"transfer-a-to-b\" #\\d+")
                .matcher(message).find(), message);
    }

    @Test
    void locksTakenInOneOrderPassAndALeakWithoutACycleIsNotCalledADeadlock() {
        Events fixed = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Transfers.class, "locksInOneOrder"))
                .configurationParameter(Fixture.ENABLED, "true").execute().testEvents();
        assertEquals(1, fixed.succeeded().count());

        ThreadSnapshot before = ThreadLeaks.snapshot();
        Thread parked = Leftovers.keep(new Thread(() -> VerifyNoThreadLeaksTest.sleep(60_000), "just-sleeping"));
        parked.start();
        String message = org.junit.jupiter.api.Assertions.assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(ThreadLeakOptions.since(before), ThreadLeakOptions.timeout(java.time.Duration.ofMillis(100))))
                .getMessage();
        assertFalse(message.contains("Deadlocked"), message);
    }

    private static List<String> failures(Events tests) {
        return tests.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .toList();
    }
}
