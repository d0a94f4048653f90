package dev.threadprofiling.benchmarks.http;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End to end, side by side: each format of {@code GET /debug/threads} over HTTP against
 * {@code jcmd <pid> Thread.print}, on the same child JVM (a Javalin server with the
 * {@link ThreadDebugPlugin} and {@code threads} parked threads started after it, so each has a
 * recorded "created by"). Runs are interleaved (one of each per round, the order rotating), after
 * untimed warm-up rounds; prints each one's median, bytes, and jcmd's median over it.
 *
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.http.HttpFormatsVsJcmd [threads] [rounds]
 * </pre>
 */
public final class HttpFormatsVsJcmd {

    private static final long TIMEOUT_SECONDS = 300;
    private static final int WARMUP_ROUNDS = 3;
    /** What is timed, by label: the query of {@code /debug/threads}, or jcmd. */
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();
    private static final String JCMD = "jcmd Thread.print";

    static {
        QUERIES.put("debug=1", "?debug=1");
        QUERIES.put("pprof", "");
        QUERIES.put("debug=2", "?debug=2");
        QUERIES.put("json", "?format=json");
    }

    private HttpFormatsVsJcmd() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? BenchmarkSupport.positive("threads", args[0]) : 10_000;
        int rounds = args.length > 1 ? BenchmarkSupport.positive("rounds", args[1]) : 7;
        Path jcmd = BenchmarkSupport.jdkTool("jcmd");
        Process child = new ProcessBuilder(BenchmarkSupport.jdkTool("java").toString(), "-Xss256k",
                "-cp", System.getProperty("java.class.path"), Server.class.getName(), String.valueOf(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine(); // "ready <pid> <port>"
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IllegalStateException("the server JVM exited before it was ready (exit " + child.waitFor() + ")");
            }
            String[] parts = ready.split(" ");
            long pid = Long.parseLong(parts[1]);
            String base = "http://127.0.0.1:" + parts[2] + ThreadDebugPlugin.THREADS_PATH;
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

            List<String> labels = new ArrayList<>(QUERIES.keySet());
            labels.add(JCMD);
            Map<String, double[]> millis = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            labels.forEach(label -> millis.put(label, new double[rounds]));
            for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get(Math.floorMod(i + round, labels.size()));
                    long start = System.nanoTime();
                    long size = label.equals(JCMD) ? jcmd(jcmd, pid) : BenchmarkSupport.get(client, base + QUERIES.get(label), TIMEOUT_SECONDS);
                    double elapsed = (System.nanoTime() - start) / 1e6;
                    if (round >= 0) {
                        millis.get(label)[round] = elapsed;
                        bytes.put(label, size);
                    }
                }
            }

            System.out.printf("%d parked platform threads in the server JVM (pid %d), java %s, %d interleaved rounds"
                    + " after %d warm-up rounds%n", threads, pid, System.getProperty("java.version"), rounds, WARMUP_ROUNDS);
            double jcmdMedian = BenchmarkSupport.median(millis.get(JCMD));
            System.out.printf("%-18s %10s %12s %14s%n", "", "median ms", "bytes", "jcmd / it");
            for (String label : labels) {
                double median = BenchmarkSupport.median(millis.get(label));
                System.out.printf("%-18s %10.1f %12d %13.1fx%n", label, median, bytes.get(label), jcmdMedian / median);
            }
        } finally {
            BenchmarkSupport.stopChild(child, TIMEOUT_SECONDS);
        }
    }

    /** Runs {@code jcmd <pid> Thread.print} and returns the bytes it printed. */
    private static long jcmd(Path jcmd, long pid) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long size;
        try (InputStream in = process.getInputStream()) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " Thread.print failed");
        }
        return size;
    }

    /** The server JVM: Javalin with the thread plugin on a free loopback port, then the parked threads. */
    public static final class Server {
        private Server() {
        }

        public static void main(String[] args) throws Exception {
            int threads = BenchmarkSupport.positive("threads", args[0]);
            Javalin app = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin())).start("127.0.0.1", 0);
            try (ParkedThreads parked = ParkedThreads.start(threads, "parked-")) {
                System.out.println("ready " + ProcessHandle.current().pid() + " " + app.port());
                System.out.flush();
                System.in.read();
            } finally {
                app.stop();
            }
        }
    }
}
