package dev.threadprofiling.benchmarks.capture;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.capture.VirtualThreads;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * 10,000 leaked (parked) virtual threads captured and rendered as {@code debug=1} (goal: under a second),
 * beside the same capture with no virtual thread and with platform threads only. Java 21+:
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -q -pl toolkit/benchmarks -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp toolkit/benchmarks/target/benchmarks.jar \
 *     dev.threadprofiling.benchmarks.capture.VirtualThreadCapture [threads] [runs]
 * </pre>
 *
 * Exits 1 when the median with the leaked threads is 1 s or more.
 */
public final class VirtualThreadCapture {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private VirtualThreadCapture() {
    }

    public static void main(String[] args) throws Exception {
        int leaked = args.length > 0 ? BenchmarkSupport.positive("threads", args[0]) : 10_000;
        int runs = args.length > 1 ? BenchmarkSupport.positive("runs", args[1]) : 7;
        System.setProperty(VirtualThreads.ENABLED_PROPERTY, "false");
        long[] platformOnly;
        try {
            platformOnly = time(runs, -1);
        } finally {
            System.clearProperty(VirtualThreads.ENABLED_PROPERTY);
        }
        long[] idle = time(runs, -1);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        List<Thread> threads = startParked(leaked, queue);
        long[] withLeaked;
        try {
            withLeaked = time(runs, leaked);
        } finally {
            threads.forEach(t -> queue.add("done"));
            for (Thread thread : threads) {
                thread.join(DEADLINE.toMillis());
            }
        }
        System.out.printf("[benchmark] Java %s, %d cores: capture + debug=1 render, median of %d after 2 warm-ups:%n"
                        + "[benchmark]   platform threads only: %4d ms (max %d ms)%n"
                        + "[benchmark]   no virtual threads:    %4d ms (max %d ms)%n"
                        + "[benchmark]   %,d parked virtual:  %4d ms (max %d ms)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), runs,
                median(platformOnly), platformOnly[runs - 1], median(idle), idle[runs - 1],
                leaked, median(withLeaked), withLeaked[runs - 1]);
        if (median(withLeaked) >= 1000) {
            System.out.printf("[benchmark] goal missed: %d ms is not under 1 s%n", median(withLeaked));
            System.exit(1);
        }
    }

    private static List<Thread> startParked(int count, BlockingQueue<String> queue) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(count);
        Thread.Builder builder = Thread.ofVirtual().name("vt-leak-", 1);
        for (int i = 0; i < count; i++) {
            threads.add(builder.start(() -> {
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(thread.getName() + " not parked within " + DEADLINE);
                }
                Thread.sleep(10);
            }
        }
        return threads;
    }

    /** Sorted wall times in ms of capture + render; checks each capture holds {@code expected} virtual threads. */
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
            if (expected >= 0 && (virtual != expected || !text.contains(expected + " @ WAITING virtual"))) {
                throw new IllegalStateException("expected one group of " + expected + " parked virtual threads, captured "
                        + virtual + " virtual threads");
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
