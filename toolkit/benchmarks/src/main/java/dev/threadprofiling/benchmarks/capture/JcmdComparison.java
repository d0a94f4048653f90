package dev.threadprofiling.benchmarks.capture;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code jcmd <pid> Thread.print} against the in-process capture + {@code debug=1} render, on the
 * same child JVM with {@code threads} parked threads; prints the medians and their ratios: for the
 * repeated capture a server does ({@code threadprof}), for one that walks every stack
 * ({@code every-stack}), and for the very first capture in the child JVM.
 *
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.capture.JcmdComparison [threads] [runs]
 * </pre>
 */
public final class JcmdComparison {

    private static final long CHILD_TIMEOUT_SECONDS = 300;
    /** What the child times, alternately: a server's repeated capture, and one walking every stack. */
    private static final List<String> MODES = List.of("threadprof", "every-stack");

    private JcmdComparison() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? BenchmarkSupport.positive("threads", args[0]) : 10_000;
        int runs = args.length > 1 ? BenchmarkSupport.positive("runs", args[1]) : 5;
        Path java = BenchmarkSupport.jdkTool("java");
        Path jcmd = BenchmarkSupport.jdkTool("jcmd");

        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ParkedThreadsMain.class.getName(), String.valueOf(threads), String.valueOf(runs),
                "--capture=" + String.join(",", MODES))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> lines = new LinkedHashMap<>();
            long pid = -1;
            String line;
            while (pid < 0 && (line = out.readLine()) != null) {
                if (line.startsWith("ready ")) {
                    pid = Long.parseLong(line.substring("ready ".length()));
                } else {
                    String[] parts = line.split(" ", 3); // "median-ms threadprof 31.2"
                    if (parts.length == 3) {
                        lines.put(parts[0] + " " + parts[1], parts[2]);
                    }
                }
            }
            if (pid < 0) {
                throw new IllegalStateException("the child JVM exited before it was ready (exit "
                        + child.waitFor() + ")");
            }

            double[] jcmdMillis = new double[runs];
            for (int i = 0; i < runs; i++) {
                jcmdMillis[i] = timeJcmd(jcmd, pid);
            }
            double jcmdMedian = BenchmarkSupport.median(jcmdMillis);

            System.out.printf("threads: %d parked platform threads in the child JVM (pid %d), java %s%n",
                    threads, pid, System.getProperty("java.version"));
            double first = Double.parseDouble(lines.get("first-ms " + MODES.get(0)));
            System.out.printf("first capture+debug=1 in the child JVM (cold, every stack walked): %.1f ms%n", first);
            for (String mode : MODES) {
                System.out.printf("%s capture+debug=1, %d untimed warm-up runs ms: %s%n", mode,
                        ParkedThreadsMain.WARMUP_RUNS, lines.get("warmup-ms " + mode));
                System.out.printf("%s capture+debug=1, %d runs ms (alternating): %s%n", mode, runs, lines.get("runs-ms " + mode));
            }
            System.out.printf("jcmd <pid> Thread.print (each a new jcmd process, output discarded), %d runs ms: %s%n",
                    runs, Arrays.toString(jcmdMillis));
            System.out.printf("median jcmd Thread.print: %.1f ms%n", jcmdMedian);
            for (String mode : MODES) {
                double median = Double.parseDouble(lines.get("median-ms " + mode));
                System.out.printf("median %s capture+debug=1: %.1f ms, jcmd / it: %.1fx%n", mode, median, jcmdMedian / median);
            }
            System.out.printf("first capture: jcmd / it: %.1fx%n", jcmdMedian / first);
        } finally {
            BenchmarkSupport.stopChild(child, CHILD_TIMEOUT_SECONDS);
        }
    }

    private static double timeJcmd(Path jcmd, long pid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid), "Thread.print"));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                    + CHILD_TIMEOUT_SECONDS + " s");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
        }
        return millis;
    }
}
