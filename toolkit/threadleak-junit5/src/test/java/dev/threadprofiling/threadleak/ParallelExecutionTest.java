package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Under parallel execution a leak is blamed only on the test whose thread started it. */
public class ParallelExecutionTest {

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();
    }

    @Fixture
    @VerifyNoThreadLeaks
    @Execution(ExecutionMode.CONCURRENT)
    static class LeakBesideABystander {
        static CountDownLatch bystanderRunning;
        static CountDownLatch leakStarted;

        @Test
        void leaksThroughAChildThread() throws InterruptedException {
            leakFromAChildThread(bystanderRunning, leakStarted, LeakBesideABystander::startGrandchild);
        }

        static void startGrandchild() {
            Leftovers.keep(new Thread(() -> VerifyNoThreadLeaksTest.sleep(60_000), "leaked-grandchild")).start();
        }

        @Test
        void bystander() throws InterruptedException {
            bystanderRunning.countDown();
            assertTrue(leakStarted.await(10, TimeUnit.SECONDS), "the leaking test did not leak");
        }
    }

    /** Once the bystander runs, starts the leak from a child of the test's thread, then lets the bystander end. */
    public static void leakFromAChildThread(CountDownLatch bystanderRunning, CountDownLatch leakStarted, Runnable startLeak)
            throws InterruptedException {
        assertTrue(bystanderRunning.await(10, TimeUnit.SECONDS), "the bystander test did not start");
        Thread parent = new Thread(startLeak, "leak-parent");
        parent.start();
        parent.join(TimeUnit.SECONDS.toMillis(10));
        leakStarted.countDown();
    }

    @Test
    void onlyTheTestWhoseThreadStartedTheLeakIsBlamed() {
        LeakBesideABystander.bystanderRunning = new CountDownLatch(1);
        LeakBesideABystander.leakStarted = new CountDownLatch(1);

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(LeakBesideABystander.class))
                .configurationParameter(Fixture.ENABLED, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .execute();

        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), () -> "expected only the leaking test to fail: " + failed);
        assertEquals("leaksThroughAChildThread()", failed.get(0).getTestDescriptor().getDisplayName());
        String message = VerifyNoThreadLeaksTest.messageOf(failed.get(0));
        assertTrue(message.contains("Thread \"leaked-grandchild\""), message);
        assertTrue(message.contains("created by " + LeakBesideABystander.class.getName() + ".startGrandchild(")
                && message.contains("in thread \"leak-parent\""), message);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    }
}
