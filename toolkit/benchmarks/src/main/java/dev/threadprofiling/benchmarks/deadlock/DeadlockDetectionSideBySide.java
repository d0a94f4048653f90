package dev.threadprofiling.benchmarks.deadlock;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * In one JVM, round by round (the order rotating each round, after untimed warm-up rounds): capture +
 * {@code debug=1} with deadlock detection never, always, and only when some thread waits for a held lock
 * (the default), and {@code findDeadlockedThreads()} alone; prints each one's median and its ratio to
 * {@code debug=1} without detection. The JMH {@link DeadlockDetectionBenchmark} measures the same one after
 * the other; this one interleaves them, so a loaded machine slows all of them alike.
 *
 * <pre>
 * java -Xss256k -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.deadlock.DeadlockDetectionSideBySide [threads] [rounds] [parked|blocked]
 * </pre>
 */
public final class DeadlockDetectionSideBySide {

    private static final int WARMUP_ROUNDS = 3;

    private DeadlockDetectionSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "DeadlockDetectionSideBySide", 15);
        int threads = arguments.threads();
        int rounds = arguments.rounds();
        String scene = arguments.scene();
        Map<String, Supplier<Object>> runs = new LinkedHashMap<>();
        for (DeadlockDetector.Policy policy : DeadlockDetector.Policy.values()) {
            ThreadCapture capture = ThreadCapture.create().detectingDeadlocks(policy);
            runs.put("debug=1 " + policy, () -> Debug1Format.render(capture.capture()));
        }
        runs.put("findDeadlockedThreads", () -> ManagementFactory.getThreadMXBean().findDeadlockedThreads());
        List<String> labels = List.copyOf(runs.keySet());
        Map<String, double[]> millis = new LinkedHashMap<>();
        labels.forEach(label -> millis.put(label, new double[rounds]));
        try (ParkedThreads parked = ParkedThreads.start(threads, "parked-");
                BlockedOnAMonitor blocked = scene.equals("blocked") ? BlockedOnAMonitor.start(2, Duration.ofSeconds(30)) : null) {
            for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get(Math.floorMod(i + round, labels.size()));
                    long start = System.nanoTime();
                    runs.get(label).get();
                    if (round >= 0) {
                        millis.get(label)[round] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
        }
        System.out.printf("in-process, %d parked platform threads, scene %s, java %s, %d interleaved rounds after %d warm-up rounds%n",
                threads, scene, System.getProperty("java.version"), rounds, WARMUP_ROUNDS);
        double without = BenchmarkSupport.median(millis.get("debug=1 " + DeadlockDetector.Policy.NEVER));
        System.out.printf("%-36s %10s %12s%n", "", "median ms", "/ without");
        for (String label : labels) {
            double median = BenchmarkSupport.median(millis.get(label));
            System.out.printf("%-36s %10.2f %11.2fx%n", label, median, median / without);
        }
    }
}
