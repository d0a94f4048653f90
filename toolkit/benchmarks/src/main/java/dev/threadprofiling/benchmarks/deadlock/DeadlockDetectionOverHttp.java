package dev.threadprofiling.benchmarks.deadlock;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /debug/threads?debug=1} over HTTP with deadlock detection never, always, and only when
 * some thread waits for a held lock (the default), side by side: one child JVM serves the same threads
 * through three Javalin apps, one per policy, and the requests are interleaved (the order rotating
 * each round) after untimed warm-up rounds. With {@code blocked}, two threads are BLOCKED on a held
 * monitor (no deadlock), so the default detects too.
 *
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.deadlock.DeadlockDetectionOverHttp [threads] [rounds] [parked|blocked]
 * </pre>
 */
public final class DeadlockDetectionOverHttp {

    private static final long TIMEOUT_SECONDS = 300;
    private static final int WARMUP_ROUNDS = 3;

    private DeadlockDetectionOverHttp() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "DeadlockDetectionOverHttp", 9);
        int threads = arguments.threads();
        int rounds = arguments.rounds();
        String scene = arguments.scene();
        Process child = new ProcessBuilder(BenchmarkSupport.jdkTool("java").toString(), "-Xss256k",
                "-cp", System.getProperty("java.class.path"), Server.class.getName(), String.valueOf(threads), scene)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine(); // "ready <pid> <port per policy…>"
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IllegalStateException("the server JVM exited before it was ready (exit " + child.waitFor() + ")");
            }
            String[] parts = ready.split(" ");
            Map<String, String> urls = new LinkedHashMap<>();
            DeadlockDetector.Policy[] policies = DeadlockDetector.Policy.values();
            for (int i = 0; i < policies.length; i++) {
                urls.put(policies[i].name(), "http://127.0.0.1:" + parts[2 + i] + ThreadDebugPlugin.THREADS_PATH + "?debug=1");
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<String> labels = new ArrayList<>(urls.keySet());
            Map<String, double[]> millis = new LinkedHashMap<>();
            labels.forEach(label -> millis.put(label, new double[rounds]));
            for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get(Math.floorMod(i + round, labels.size()));
                    long start = System.nanoTime();
                    BenchmarkSupport.get(client, urls.get(label), TIMEOUT_SECONDS);
                    if (round >= 0) {
                        millis.get(label)[round] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
            System.out.printf("debug=1 over HTTP, %d parked platform threads, scene %s, java %s, %d interleaved rounds"
                    + " after %d warm-up rounds%n", threads, scene, System.getProperty("java.version"), rounds, WARMUP_ROUNDS);
            double without = BenchmarkSupport.median(millis.get(DeadlockDetector.Policy.NEVER.name()));
            System.out.printf("%-28s %10s %14s%n", "detection", "median ms", "/ without");
            for (String label : labels) {
                double median = BenchmarkSupport.median(millis.get(label));
                System.out.printf("%-28s %10.1f %13.2fx%n", label, median, median / without);
            }
        } finally {
            BenchmarkSupport.stopChild(child, TIMEOUT_SECONDS);
        }
    }

    /** The server JVM: one Javalin app per detection policy, then the threads; prints {@code ready <pid> <ports…>}. */
    public static final class Server {
        private Server() {
        }

        public static void main(String[] args) throws Exception {
            int threads = BenchmarkSupport.positive("threads", args[0]);
            List<Javalin> apps = new ArrayList<>();
            StringBuilder ready = new StringBuilder("ready ").append(ProcessHandle.current().pid());
            for (DeadlockDetector.Policy policy : DeadlockDetector.Policy.values()) {
                Javalin app = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin(cfg -> {
                    cfg.deadlocks = policy;
                    cfg.createdBy = false;
                    cfg.jvmMetrics = false;
                }))).start("127.0.0.1", 0);
                apps.add(app);
                ready.append(' ').append(app.port());
            }
            try (ParkedThreads parked = ParkedThreads.start(threads, "parked-");
                    BlockedOnAMonitor blocked = args[1].equals("blocked") ? BlockedOnAMonitor.start(2, Duration.ofSeconds(30)) : null) {
                System.out.println(ready);
                System.out.flush();
                System.in.read();
            } finally {
                apps.forEach(Javalin::stop);
            }
        }
    }
}
