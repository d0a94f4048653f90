package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture tests through the engine test kit and asserts the extension's verdict and message. */
@VerifyNoThreadLeaks(timeoutMillis = 5_000)
public class VerifyNoThreadLeaksTest {

    static final long DEADLINE_SECONDS = 10;

    @AfterEach
    void releaseWhatFixturesLeaked() throws InterruptedException {
        Leftovers.release();
    }

    // --- fixtures ---------------------------------------------------------------------------

    @Fixture
    @VerifyNoThreadLeaks
    static class LeavesAThreadBlockedOnAQueue {
        @Test
        void leaks() {
            startConsumer(new LinkedBlockingQueue<>());
        }

        static void startConsumer(BlockingQueue<String> queue) {
            Thread consumer = new Thread(() -> {
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "leaky-consumer");
            Leftovers.keep(consumer).start();
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class StartsAThreadThatEndsWithinTheBudget {
        @Test
        void endsSoon() {
            new Thread(() -> sleep(100), "short-job").start();
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class EmptyTest {
        @Test
        void nothing() {
        }

        @Test
        void usesTheCommonPool() {
            assertEquals(4950, IntStream.range(0, 100).parallel().map(i -> i).sum());
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class NeverShutsDownAnExecutor {
        @Test
        void leaks() {
            startPool();
        }

        static void startPool() {
            ExecutorService pool = Leftovers.keep(Executors.newFixedThreadPool(2));
            pool.submit(() -> sleep(60_000));
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class NeverCancelsATimer {
        @Test
        void leaks() throws InterruptedException {
            CountDownLatch ran = new CountDownLatch(1);
            startTimer().schedule(new TimerTask() {
                @Override
                public void run() {
                    Leftovers.keep(Thread.currentThread());
                    ran.countDown();
                }
            }, 0);
            assertTrue(ran.await(DEADLINE_SECONDS, TimeUnit.SECONDS));
        }

        static Timer startTimer() {
            return Leftovers.keep(new Timer("leaky-timer"));
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class LeavesADaemonThreadBlocked {
        @Test
        void leaks() {
            Thread daemon = new Thread(() -> sleep(60_000), "leaky-daemon");
            daemon.setDaemon(true);
            Leftovers.keep(daemon).start();
        }
    }

    @Fixture
    @VerifyNoThreadLeaks(interruptLeaked = true)
    static class LeaksAndInterrupts {
        static volatile Thread leaked;

        @Test
        void leaks() {
            leaked = Leftovers.keep(new Thread(() -> sleep(60_000), "interrupted-after-report"));
            leaked.start();
        }
    }

    @Fixture
    @VerifyNoThreadLeaks(scope = VerifyNoThreadLeaks.Scope.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeaksAcrossTheClass {
        @Test
        @Order(1)
        void startsAThread() {
            Leftovers.keep(new Thread(() -> sleep(60_000), "class-scoped-leak")).start();
        }

        @Test
        @Order(2)
        void doesNothing() {
        }
    }

    // --- tests ------------------------------------------------------------------------------

    @Test
    void aThreadLeftBlockedOnAQueueFailsTheTestWithItsStackAndWhereItWasStarted() {
        String message = onlyFailure(run(LeavesAThreadBlockedOnAQueue.class));

        assertTrue(message.startsWith("test leaks(): " + LeakReport.HEADER), message);
        assertTrue(message.contains("Thread \"leaky-consumer\" #"), message);
        assertTrue(message.contains(" WAITING, non-daemon, platform"), message);
        assertTrue(message.contains("parked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@"),
                message);
        assertTrue(message.contains("at java.base/java.util.concurrent.LinkedBlockingQueue.take("), message);
        assertTrue(message.contains("created by " + LeavesAThreadBlockedOnAQueue.class.getName()
                + ".startConsumer(VerifyNoThreadLeaksTest.java:"), message);
        assertTrue(message.contains(" in thread \"" + Thread.currentThread().getName() + "\" #"), message);
        assertTrue(message.contains("1 thread still alive after 500 ms"), message);
    }

    @Test
    void aThreadThatEndsWithinTheBudgetPasses() {
        run(StartsAThreadThatEndsWithinTheBudget.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void anEmptyTestAndTheIdleCommonPoolPass() {
        run(EmptyTest.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void anExecutorNeverShutDownFailsAndNamesTheMethodThatCreatedIt() {
        String message = onlyFailure(run(NeverShutsDownAnExecutor.class));

        assertTrue(message.contains("Thread \"pool-"), message);
        assertTrue(message.contains("created by " + NeverShutsDownAnExecutor.class.getName() + ".startPool("), message);
        assertTrue(message.contains("at java.base/java.util.concurrent.ThreadPoolExecutor.runWorker("), message);
    }

    @Test
    void aTimerNeverCancelledFails() {
        String message = onlyFailure(run(NeverCancelsATimer.class));

        assertTrue(message.contains("Thread \"leaky-timer\" #"), message);
        assertTrue(message.contains("at java.base/java.util.TimerThread.mainLoop("), message);
        assertTrue(message.contains("created by " + NeverCancelsATimer.class.getName() + ".startTimer("), message);
    }

    @Test
    void aDaemonThreadLeftBlockedFails() {
        String message = onlyFailure(run(LeavesADaemonThreadBlocked.class));

        assertTrue(message.contains("Thread \"leaky-daemon\" #"), message);
        assertTrue(message.contains(" TIMED_WAITING, daemon, platform"), message);
    }

    @Test
    void interruptLeakedStopsTheLeakedThreadAfterReporting() throws InterruptedException {
        String message = onlyFailure(run(LeaksAndInterrupts.class));

        assertTrue(message.contains("interrupted them"), message);
        LeaksAndInterrupts.leaked.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        assertFalse(LeaksAndInterrupts.leaked.isAlive());
    }

    @Test
    void perClassScopeChecksAfterAllTestsOfTheClass() {
        EngineExecutionResults results = run(LeaksAcrossTheClass.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        List<Event> failed = results.containerEvents().failed().list();
        assertEquals(1, failed.size());
        String message = messageOf(failed.get(0));
        assertTrue(message.startsWith("class VerifyNoThreadLeaksTest$LeaksAcrossTheClass: " + LeakReport.HEADER),
                message);
        assertTrue(message.contains("Thread \"class-scoped-leak\""), message);
    }

    // --- helpers ----------------------------------------------------------------------------

    static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter(Fixture.ENABLED, "true")
                .execute();
    }

    static String onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), () -> "expected one failed test, got " + failed);
        return messageOf(failed.get(0));
    }

    static String messageOf(Event event) {
        Throwable failure = event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
        assertInstanceOf(ThreadLeakError.class, failure);
        return failure.getMessage();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
