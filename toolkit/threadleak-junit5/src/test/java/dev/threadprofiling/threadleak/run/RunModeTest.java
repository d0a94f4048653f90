package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Fixture;
import dev.threadprofiling.threadleak.LeakReport;
import dev.threadprofiling.threadleak.Leftovers;
import dev.threadprofiling.threadleak.ParallelExecutionTest;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaksTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The run-wide switch ({@code threadleak.mode}) on fixture classes that carry no annotation: run
 * through a launcher with the listeners registered as {@code META-INF/services} registers them.
 */
class RunModeTest {

    static final long GRACE_MILLIS = 500;

    @TempDir
    Path reportDir;

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();
    }

    // --- fixtures ---------------------------------------------------------------------------

    @Fixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class LeakLingerAndWait {
        @Test
        void a_leaks() {
            startWorker("run-leak");
        }

        @Test
        void b_lingers() {
            new Thread(() -> VerifyNoThreadLeaksTest.sleep(100), "run-linger").start();
        }

        @Test
        void c_outlivesTheGrace() {
            VerifyNoThreadLeaksTest.sleep(GRACE_MILLIS + 1_500);   // the verdict comes in the background meanwhile
        }

        static void startWorker(String name) {
            Leftovers.keep(new Thread(() -> VerifyNoThreadLeaksTest.sleep(60_000), name)).start();
        }
    }

    @Fixture
    static class LeaksAtTheEnd {
        @Test
        void leaks() {
            LeakLingerAndWait.startWorker("late-leak");
        }
    }

    @Fixture
    static class Clean {
        @Test
        void nothing() {
        }
    }

    @Fixture
    @Execution(ExecutionMode.CONCURRENT)
    static class LeakBesideABystander {
        static CountDownLatch bystanderRunning;
        static CountDownLatch leakStarted;

        @Test
        void leaksThroughAChildThread() throws InterruptedException {
            ParallelExecutionTest.leakFromAChildThread(bystanderRunning, leakStarted,
                    () -> LeakLingerAndWait.startWorker("parallel-leak"));
        }

        @Test
        void bystander() throws InterruptedException {
            bystanderRunning.countDown();
            assertTrue(leakStarted.await(10, TimeUnit.SECONDS), "the leaking test did not leak");
            VerifyNoThreadLeaksTest.sleep(GRACE_MILLIS + 1_500);
        }
    }

    @Fixture
    static class SleeperStartedAtTheEnd {
        @Test
        void startsAFiveSecondSleeper() {
            Leftovers.keep(new Thread(() -> VerifyNoThreadLeaksTest.sleep(5_000), "five-second-sleeper")).start();
        }
    }

    @Fixture
    static class StartsALibrarysEvictorAtTheEnd {
        @Test
        void startsIt() {
            Thread evictor = new org.apache.http.impl.client.IdleConnectionEvictor(RELEASE_EVICTOR).thread;
            // As the real one is by then: in its loop (a thread that has not run yet has no frames to match).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (evictor.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }

    static final CountDownLatch RELEASE_EVICTOR = new CountDownLatch(1);

    @Fixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoTestsOneCreator {
        @Test
        void a_leaks() {
            LeakLingerAndWait.startWorker("shared-worker-1");
        }

        @Test
        void b_leaksTheSameWay() {
            LeakLingerAndWait.startWorker("shared-worker-2");
        }
    }

    @Test
    void leaksOfDifferentTestsNeverShareAGroupOrAnExample() throws IOException {
        run(Map.of("threadleak.mode", "report"), TwoTestsOneCreator.class);

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        // Same name pattern, same creator line: one group per test, each with its own example.
        assertTrue(report.contains("1 thread \"shared-worker-1\" created by "), report);
        assertTrue(report.contains("test: RunModeTest$TwoTestsOneCreator.a_leaks()"), report);
        assertTrue(report.contains("1 thread \"shared-worker-2\" created by "), report);
        assertTrue(report.contains("test: RunModeTest$TwoTestsOneCreator.b_leaksTheSameWay()"), report);
        assertFalse(report.contains("2 threads \"shared-worker-*\""), report);
        assertTrue(report.contains("Thread \"shared-worker-1\"") && report.contains("Thread \"shared-worker-2\""), report);
    }

    // --- tests ------------------------------------------------------------------------------

    @Test
    void reportModeWaitsAtTheEndForTheSuspectsStillInTheirGracePeriod() throws IOException {
        Run run = run(Map.of("threadleak.mode", "report"), LeaksAtTheEnd.class);

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("\n1 thread leaked (alive 500 ms after their test), 0 lingering"), report);
        assertTrue(report.contains("1 thread \"late-leak\" created by"), report);
        assertFalse(report.contains("undecided"), report);
        assertEquals(List.of(), run.failures);
    }

    @Test
    void presetsAndFiltersApplyToUndecidedThreadsToo() throws IOException {
        try {
            run(Map.of("threadleak.mode", "report", "threadleak.endWait", "false", "threadleak.graceMillis", "60000",
                    "threadleak.presets", "apache-httpclient"), StartsALibrarysEvictorAtTheEnd.class);
        } finally {
            RELEASE_EVICTOR.countDown();
        }

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("\"Connection evictor\": preset apache-httpclient"), report);
        assertFalse(report.contains("undecided"), report);
    }

    @Test
    void theDefaultGraceLetsAFiveSecondSleeperStartedAtATestsEndEnd() throws IOException {
        // An empty value is the default (7 s): the sleeper ends before its verdict.
        run(Map.of("threadleak.mode", "report", "threadleak.graceMillis", ""), SleeperStartedAtTheEnd.class);

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("grace 7 s"), report);
        assertTrue(report.contains("\n0 threads leaked (alive 7 s after their test), 1 lingering"), report);
        assertTrue(report.contains("1 thread \"five-second-sleeper\""), report);
    }

    @Test
    void aRerunAddsToTheReportAndNeverReplacesIt() throws IOException {
        // Plan 2 stands for Surefire's rerun of the failing tests: a new test plan in the same session.
        run(Map.of("threadleak.mode", "report"), LeaksAtTheEnd.class, Clean.class);

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("1 thread leaked (alive 500 ms after their test), 0 lingering (ended within 500 ms), "
                + "over 2 test plans"), report);
        assertTrue(report.contains("1 thread \"late-leak\""), report);
        assertTrue(Files.readString(reportDir.resolve(RunReport.JSON_FILE)).contains("\"testPlans\": 2"));
    }

    @Test
    void inFailModeALeakOfTheFirstAttemptFailsTheRunEvenWhenTheRerunPasses() {
        Run run = run(Map.of("threadleak.mode", "fail"), LeaksAtTheEnd.class, Clean.class);

        assertEquals(1, run.failures.size(), run.failures::toString);   // the first attempt's class failure
        assertInstanceOf(ThreadLeakError.class, run.sessionError);
        String message = run.sessionError.getMessage();
        assertTrue(message.startsWith("test run (threadleak.mode=fail): " + LeakReport.HEADER), message);
        assertTrue(message.contains("1 leak failure in 2 test plans"), message);
        assertTrue(message.contains("1 thread \"late-leak\""), message);
    }

    @Test
    void inFailModeOnePlanWithoutARerunFailsOnlyItsClass() {
        Run run = run(Map.of("threadleak.mode", "fail"), LeaksAtTheEnd.class);

        assertEquals(1, run.failures.size(), run.failures::toString);
        assertNull(run.sessionError);
    }

    @Test
    void underParallelExecutionALeakIsChargedToTheTestWhoseThreadStartedIt() throws IOException {
        LeakBesideABystander.bystanderRunning = new CountDownLatch(1);
        LeakBesideABystander.leakStarted = new CountDownLatch(1);

        Run run = run(Map.of("threadleak.mode", "report",
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"), LeakBesideABystander.class);

        assertEquals(List.of(), run.failures);
        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("1 thread \"parallel-leak\" created by " + LeakLingerAndWait.class.getName()
                + ".startWorker(RunModeTest.java:"), report);
        assertTrue(report.contains("; test: RunModeTest$LeakBesideABystander.leaksThroughAChildThread()"), report);
        assertFalse(report.contains("bystander()"), report);
    }

    @Test
    void reportModeNeverFailsAndWritesAGroupedReport() throws IOException {
        Run run = run(Map.of("threadleak.mode", "report"), LeakLingerAndWait.class);

        assertEquals(List.of(), run.failures);
        assertEquals(3, run.succeeded);
        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("1 thread \"run-leak\" created by " + LeakLingerAndWait.class.getName()
                + ".startWorker(RunModeTest.java:"), report);
        assertTrue(report.contains("test: RunModeTest$LeakLingerAndWait.a_leaks()"), report);
        assertTrue(report.contains("Thread \"run-leak\" #"), report);
        assertTrue(report.contains("== Lingering: ended within 500 ms, not leaks\n1 thread \"run-linger\""), report);
        String json = Files.readString(reportDir.resolve(RunReport.JSON_FILE));
        assertTrue(json.contains("\"counts\": {\"leaked\": 1, \"lingering\": 1, \"undecided\": 0"), json);
        assertTrue(json.contains("{\"status\": \"leaked\", \"name\": \"run-leak\""), json);
    }

    @ParameterizedTest(name = "scope={0} charges the leak to {1}")
    @CsvSource({"class, RunModeTest$LeakLingerAndWait", "session, the run (outside any test class)"})
    void theScopeSaysWhoALeakIsChargedTo(String scope, String owner) throws IOException {
        run(Map.of("threadleak.mode", "report", "threadleak.scope", scope), LeakLingerAndWait.class);

        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("threadleak report (mode=report, scope=" + scope + ", grace 500 ms)"), report);
        assertTrue(report.contains("1 thread \"run-leak\" created by " + LeakLingerAndWait.class.getName()
                + ".startWorker(RunModeTest.java:"), report);
        assertTrue(report.contains("; test: " + owner + "\n"), report);
    }

    @Test
    void withTheEndWaitOffReportModeDoesNotWaitAndTheCountNeverSaysZeroLeakedAlone() throws IOException {
        long start = System.nanoTime();
        Run run = run(Map.of("threadleak.mode", "report", "threadleak.graceMillis", "5000", "threadleak.endWait", "false"),
                LeaksAtTheEnd.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(List.of(), run.failures);
        assertTrue(millis < 3_000, () -> "the run took " + millis + " ms: report mode waited");
        String report = Files.readString(reportDir.resolve(RunReport.TEXT_FILE));
        assertTrue(report.contains("\n0 threads leaked (alive 5 s after their test) and 1 undecided that may be leaks"),
                report);
        assertTrue(report.contains("== Undecided: alive when the run ended, first seen less than 5 s before "
                + "(threadleak.endWait=false): may be leaks\n\n1 thread \"late-leak\""), report);
    }

    @Test
    void failModeFailsTheClassWithTheSameGroupedText() {
        Run run = run(Map.of("threadleak.mode", "fail"), LeakLingerAndWait.class);

        assertEquals(3, run.succeeded);
        assertEquals(1, run.failures.size(), run.failures::toString);
        String message = run.failures.get(0);
        assertTrue(message.contains(": " + LeakReport.HEADER), message);
        assertTrue(message.contains("1 thread \"run-leak\" created by " + LeakLingerAndWait.class.getName()
                + ".startWorker(RunModeTest.java:"), message);
        assertTrue(message.contains("test: RunModeTest$LeakLingerAndWait.a_leaks()"), message);
        assertFalse(message.contains("run-linger"), message);
        assertNull(run.sessionError);
    }

    @Test
    void failModeWaitsAtTheEndOfTheRunForSuspectsStillInTheirGracePeriod() {
        long start = System.nanoTime();
        Run run = run(Map.of("threadleak.mode", "fail"), LeaksAtTheEnd.class);

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
        assertEquals(1, run.failures.size(), run.failures::toString);
        assertTrue(run.failures.get(0).startsWith("threads leaked in the run (checked after its last class"),
                run.failures.get(0));
        assertTrue(run.failures.get(0).contains("1 thread \"late-leak\""), run.failures.get(0));
    }

    @Test
    void failModeWithTheWaitVerdictFailsTheTestItself() {
        Run run = run(Map.of("threadleak.mode", "fail", "threadleak.verdict", "wait", "threadleak.waitMillis", "200"),
                LeaksAtTheEnd.class);

        assertEquals(1, run.failures.size(), run.failures::toString);
        assertTrue(run.failures.get(0).startsWith("test leaks(): " + LeakReport.HEADER), run.failures.get(0));
        assertTrue(run.failures.get(0).contains("still alive after 200 ms"), run.failures.get(0));
    }

    @Test
    void aCleanRunPassesInFailMode() {
        Run run = run(Map.of("threadleak.mode", "fail"), Clean.class);

        assertEquals(List.of(), run.failures);
        assertNull(run.sessionError);
    }

    @Test
    void withoutTheExtensionFailModeFailsTheSessionWithTheGroupedText() {
        // A project that switches extension auto-detection off keeps it off: the session fails instead.
        Run run = run(Map.of("threadleak.mode", "fail", ThreadLeakSessionListener.AUTODETECTION, "false"),
                LeaksAtTheEnd.class);

        assertEquals(List.of(), run.failures);
        assertInstanceOf(ThreadLeakError.class, run.sessionError);
        assertTrue(run.sessionError.getMessage().startsWith("test run (threadleak.mode=fail): " + LeakReport.HEADER),
                run.sessionError.getMessage());
        assertTrue(run.sessionError.getMessage().contains("1 thread \"late-leak\""), run.sessionError.getMessage());
    }

    @Test
    void offIsTheDefault() {
        Run run = run(Map.of(), LeaksAtTheEnd.class);

        assertEquals(List.of(), run.failures);
        assertNull(run.sessionError);
        assertFalse(Files.exists(reportDir.resolve(RunReport.TEXT_FILE)));
    }

    // --- helpers ----------------------------------------------------------------------------

    /** What a run reported: failure messages of tests and containers, and the session's error. */
    static final class Run implements TestExecutionListener {
        final List<String> failures = new ArrayList<>();
        int succeeded;
        Throwable sessionError;

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL && identifier.isTest()) {
                succeeded++;
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.add(result.getThrowable().map(Throwable::getMessage).orElse("(no message)"));
            }
        }
    }

    /** Runs each fixture as its own test plan of one launcher session, as Surefire runs a rerun of failing tests. */
    Run run(Map<String, String> settings, Class<?>... plans) {
        Map<String, String> config = new HashMap<>(settings);
        config.putIfAbsent("threadleak.graceMillis", Long.toString(GRACE_MILLIS));
        config.put("threadleak.reportDir", reportDir.toString());
        config.put(Fixture.ENABLED, "true");
        Run run = new Run();
        LauncherSession session = LauncherFactory.openSession(LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addLauncherSessionListeners(new ThreadLeakSessionListener(k -> Optional.ofNullable(config.get(k))))
                .addTestExecutionListeners(new ThreadLeakListener())
                .build());
        for (Class<?> fixture : plans) {
            session.getLauncher().execute(request().selectors(selectClass(fixture)).configurationParameters(config).build(),
                    run);
        }
        try {
            session.close();
        } catch (ThreadLeakError e) {
            run.sessionError = e;
        }
        return run;
    }
}
