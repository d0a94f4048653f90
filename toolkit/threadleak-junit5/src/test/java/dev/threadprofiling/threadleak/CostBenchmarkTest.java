package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Side-by-side measurements, excluded from the default build:
 * {@code ./mvnw -q -pl toolkit/threadleak-junit5 -am verify -Dthreadleak.excludedGroups=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class CostBenchmarkTest {

    private static final int ROUNDS = 5;
    private static final int TESTS = 1000;
    private static final int THREADS = 20_000;

    @Fixture
    static class PlainSuite {
        @RepeatedTest(TESTS)
        void trivial() {
        }
    }

    @Fixture
    @VerifyNoThreadLeaks
    static class VerifiedSuite {
        @RepeatedTest(TESTS)
        void trivial() {
        }
    }

    @Test
    void costPerTestOfTheExtension() {
        Launcher launcher = LauncherFactory.create();
        runSuite(launcher, PlainSuite.class); // warm up both, and start JFR once
        runSuite(launcher, VerifiedSuite.class);
        long[] plain = new long[ROUNDS];
        long[] verified = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            plain[round] = runSuite(launcher, PlainSuite.class);
            verified[round] = runSuite(launcher, VerifiedSuite.class);
        }
        long[] added = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            added[round] = verified[round] - plain[round];
        }
        double plainMs = median(plain) / 1e6;
        double verifiedMs = median(verified) / 1e6;
        System.out.printf("[benchmark] %d trivial tests, median of %d alternating rounds, Java %s:%n"
                        + "[benchmark]   without the extension     %8.1f ms%n"
                        + "[benchmark]   with @VerifyNoThreadLeaks %8.1f ms%n"
                        + "[benchmark]   added per test            %8.3f ms (median of the paired differences)%n",
                TESTS, ROUNDS, Runtime.version(), plainMs, verifiedMs, median(added) / 1e6 / TESTS);
    }

    @Test
    void costOfTheTrackerOnThreadStartRate() throws InterruptedException {
        startAndJoin(THREADS); // warm up
        long[] without = new long[ROUNDS];
        long[] with = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            without[round] = startAndJoin(THREADS);
            try (ThreadStartTracker tracker = ThreadStartTracker.start()) {
                with[round] = startAndJoin(THREADS);
                tracker.awaitUpToDate(Duration.ofSeconds(10));
            }
        }
        double withoutMs = median(without) / 1e6;
        double withMs = median(with) / 1e6;
        System.out.printf("[benchmark] start+join %d trivial threads, median of %d alternating rounds, Java %s:%n"
                        + "[benchmark]   without the tracker %8.1f ms (%6.1f us per thread)%n"
                        + "[benchmark]   with the tracker    %8.1f ms (%6.1f us per thread, %+.0f%%)%n",
                THREADS, ROUNDS, Runtime.version(), withoutMs, withoutMs * 1000 / THREADS, withMs,
                withMs * 1000 / THREADS, (withMs / withoutMs - 1) * 100);
    }

    private static long runSuite(Launcher launcher, Class<?> suite) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(request().selectors(selectClass(suite)).configurationParameter(Fixture.ENABLED, "true")
                .build(), summary);
        long elapsed = System.nanoTime() - start;
        assertEquals(TESTS, summary.getSummary().getTestsSucceededCount(), () -> suite.getSimpleName() + " failed");
        return elapsed;
    }

    private static long startAndJoin(int count) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
            }, "bench-" + i);
            thread.start();
            thread.join();
        }
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
