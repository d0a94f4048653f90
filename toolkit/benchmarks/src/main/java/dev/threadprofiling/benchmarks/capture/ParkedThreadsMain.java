package dev.threadprofiling.benchmarks.capture;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A JVM with {@code threads} parked threads that times its own captures, then prints
 * {@code ready <pid>} and waits for a line on stdin (or its end) before it exits, so that
 * {@link JcmdComparison} can run {@code jcmd Thread.print} against it. With {@code --exit} it exits
 * after timing (for {@code -Xlog:safepoint} runs).
 *
 * <p>{@code --capture=} names what one timed run does; several, comma-separated, run alternately:
 * <ul>
 *   <li>{@code threadprof} (the default): {@code ThreadCapture.create().capture()} + {@code debug=1}
 *       text, as {@code GET /debug/threads?debug=1} does it (stacks of threads still in the same
 *       wait are kept from the previous capture);</li>
 *   <li>{@code every-stack}: the same, walking every thread's stack each time;</li>
 *   <li>{@code jvm-dump}: {@code ThreadMXBean.dumpAllThreads(false, false)} alone, the JVM's own
 *       dump of every thread in one safepoint.</li>
 * </ul>
 * Output: {@code first-ms <mode> <ms>} (the very first capture in this JVM, before any warm-up),
 * then per mode {@code warmup-ms}, {@code runs-ms} and {@code median-ms <mode> <ms>}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.threadprofiling.benchmarks.capture.ParkedThreadsMain 10000 5 [--exit] [--capture=threadprof,every-stack,jvm-dump]
 * </pre>
 */
public final class ParkedThreadsMain {

    /** Untimed runs first, so the median is of a warm capture, as in a server that served one before. */
    static final int WARMUP_RUNS = 2;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ParkedThreadsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || Arrays.asList(args).contains("--help")) {
            System.err.println("usage: ParkedThreadsMain <threads> <runs> [--exit] [--capture=threadprof|every-stack|jvm-dump[,...]]");
            System.exit(args.length < 2 ? 2 : 0);
        }
        int threads = BenchmarkSupport.positive("threads", args[0]);
        int runs = BenchmarkSupport.positive("runs", args[1]);
        boolean exit = false;
        String captureList = "threadprof";
        for (String arg : Arrays.asList(args).subList(2, args.length)) {
            if (arg.equals("--exit")) {
                exit = true;
            } else if (arg.startsWith("--capture=")) {
                captureList = arg.substring("--capture=".length());
            } else {
                System.err.println("ParkedThreadsMain: unknown argument " + arg);
                System.exit(2);
            }
        }
        Map<String, IntSupplier> modes = new LinkedHashMap<>();
        for (String mode : captureList.split(",")) {
            modes.put(mode, capture(mode));
        }
        ParkedThreads parked = ParkedThreads.start(threads, "parked-");
        try {
            long rendered = 0;
            String firstMode = modes.keySet().iterator().next();
            long start = System.nanoTime();
            rendered += modes.get(firstMode).getAsInt();
            System.out.printf("first-ms %s %.1f%n", firstMode, (System.nanoTime() - start) / 1e6);
            Map<String, double[]> warmup = new LinkedHashMap<>();
            Map<String, double[]> timed = new LinkedHashMap<>();
            modes.keySet().forEach(mode -> {
                warmup.put(mode, new double[WARMUP_RUNS]);
                timed.put(mode, new double[runs]);
            });
            for (int i = 0; i < WARMUP_RUNS + runs; i++) {
                for (Map.Entry<String, IntSupplier> mode : modes.entrySet()) {
                    long begin = System.nanoTime();
                    rendered += mode.getValue().getAsInt();
                    double millis = (System.nanoTime() - begin) / 1e6;
                    if (i < WARMUP_RUNS) {
                        warmup.get(mode.getKey())[i] = millis;
                    } else {
                        timed.get(mode.getKey())[i - WARMUP_RUNS] = millis;
                    }
                }
            }
            for (String mode : modes.keySet()) {
                System.out.printf("warmup-ms %s %s%n", mode, Arrays.toString(warmup.get(mode)));
                System.out.printf("runs-ms %s %s%n", mode, Arrays.toString(timed.get(mode)));
                System.out.printf("median-ms %s %.1f%n", mode, BenchmarkSupport.median(timed.get(mode)));
            }
            System.out.printf("rendered-chars %d%n", rendered);
            System.out.printf("ready %d%n", ProcessHandle.current().pid());
            System.out.flush();
            if (!exit) {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        } finally {
            parked.close();
        }
    }

    private static IntSupplier capture(String mode) {
        switch (mode) {
            case "threadprof": {
                ThreadCapture capture = ThreadCapture.create();
                return () -> Debug1Format.render(capture.capture()).length();
            }
            case "every-stack": {
                ThreadCapture capture = ThreadCapture.create().walkingEveryStack();
                return () -> Debug1Format.render(capture.capture()).length();
            }
            case "jvm-dump":
                return () -> THREADS.dumpAllThreads(false, false).length;
            default:
                System.err.println("ParkedThreadsMain: unknown capture " + mode
                        + " (threadprof, every-stack or jvm-dump)");
                System.exit(2);
                throw new AssertionError();
        }
    }
}
