package dev.threadprofiling.benchmarks;

import dev.threadprofiling.threadprof.Debug1Format;

import dev.threadprofiling.threadprof.ThreadCapture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A JVM with {@code threads} parked threads that times its own capture + {@code debug=1} render
 * ({@link #WARMUP_RUNS} untimed runs first, printed as {@code warmup-ms}), prints {@code median-ms <value>} and {@code ready <pid>}, then waits for a line on stdin (or
 * its end) before it exits. {@link JcmdComparison} runs {@code jcmd Thread.print} against it
 * meanwhile. With {@code --exit} it exits after timing (for {@code -Xlog:safepoint} runs).
 *
 * <pre>
 * java -cp benchmarks.jar dev.threadprofiling.benchmarks.ParkedThreadsMain 10000 5 [--exit]
 * </pre>
 */
public final class ParkedThreadsMain {

    /** Untimed runs first, so the median is of a warm capture, as in a server that served one before. */
    static final int WARMUP_RUNS = 2;

    private ParkedThreadsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ParkedThreadsMain <threads> <runs> [--exit]");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        boolean exit = args.length > 2 && args[2].equals("--exit");
        ParkedThreads parked = ParkedThreads.start(threads, "parked-", Duration.ofSeconds(120));
        try {
            ThreadCapture capture = ThreadCapture.create();
            long renderedChars = 0;
            double[] warmup = new double[WARMUP_RUNS];
            for (int i = 0; i < WARMUP_RUNS; i++) {
                long start = System.nanoTime();
                renderedChars += captureAndRender(capture);
                warmup[i] = (System.nanoTime() - start) / 1e6;
            }
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                renderedChars += captureAndRender(capture);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf("warmup-ms %s%n", Arrays.toString(warmup));
            System.out.printf("runs-ms %s%n", Arrays.toString(millis));
            System.out.printf("median-ms %.1f%n", median(millis));
            System.out.printf("rendered-chars %d%n", renderedChars);
            System.out.printf("ready %d%n", ProcessHandle.current().pid());
            System.out.flush();
            if (!exit) {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        } finally {
            parked.close();
        }
    }

    private static int captureAndRender(ThreadCapture capture) {
        return Debug1Format.render(capture.capture()).length();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
