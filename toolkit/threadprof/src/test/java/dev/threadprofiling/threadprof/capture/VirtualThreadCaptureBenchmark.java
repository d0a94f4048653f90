package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timed, not part of the default run: 10,000 leaked (parked) virtual threads captured and rendered
 * as {@code debug=1} in under a second. Run with
 * {@code ./mvnw -q -pl toolkit/threadprof -am verify -Dgroups=benchmark -DexcludedGroups=none -Dtest=VirtualThreadCaptureBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * on a Java 21+ {@code JAVA_HOME}.
 */
@Tag("benchmark")
class VirtualThreadCaptureBenchmark {

    private static final int LEAKED = 10_000;
    private static final int RUNS = 7;

    @Test
    void tenThousandParkedVirtualThreadsCapturedAndRenderedUnderOneSecond() throws Exception {
        assumeTrue(ParkedVirtualThreads.supported(), "virtual threads need Java 21+: skipping the benchmark");
        System.setProperty(VirtualThreads.ENABLED_PROPERTY, "false");
        long[] platformOnly;
        try {
            platformOnly = time(RUNS, -1);
        } finally {
            System.clearProperty(VirtualThreads.ENABLED_PROPERTY);
        }
        long[] idle = time(RUNS, -1);
        try (ParkedVirtualThreads parked = ParkedVirtualThreads.start("vt-leak-", LEAKED).awaitParked()) {
            long[] leaked = time(RUNS, LEAKED);
            System.out.printf("[benchmark] Java %s, %d cores: capture + debug=1 render, median of %d after 2 warm-ups:%n"
                            + "[benchmark]   platform threads only: %4d ms (max %d ms)%n"
                            + "[benchmark]   no virtual threads:    %4d ms (max %d ms)%n"
                            + "[benchmark]   %,d parked virtual:  %4d ms (max %d ms)%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), RUNS,
                    median(platformOnly), platformOnly[RUNS - 1], median(idle), idle[RUNS - 1], LEAKED, median(leaked), leaked[RUNS - 1]);
            assertTrue(median(leaked) < 1000, "median " + median(leaked) + " ms for " + LEAKED + " virtual threads");
        }
    }

    /** Sorted wall times in ms of capture + render; checks each capture holds at least {@code expected} virtual threads. */
    private static long[] time(int runs, int expected) {
        for (int i = 0; i < 2; i++) {
            Debug1Format.render(ThreadCapture.create().capture());
        }
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            ThreadProfile profile = ThreadCapture.create().capture();
            String text = Debug1Format.render(profile);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            long virtual = profile.threads().stream().filter(ThreadSample::virtual).count();
            if (expected >= 0) {
                assertEquals(expected, virtual, "virtual threads captured");
                assertTrue(text.contains(LEAKED + " @ WAITING virtual"), "one group of the leaked threads");
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
