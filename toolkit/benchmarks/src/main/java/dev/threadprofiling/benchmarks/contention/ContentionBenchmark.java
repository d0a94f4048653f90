package dev.threadprofiling.benchmarks.contention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chapter 4's exercise against a solution step, side by side in one run: each server in a child
 * JVM on a free loopback port, then alternating rounds of {@code GET /order} from {@code clients}
 * concurrent clients for {@code seconds} each, while {@code /debug/block?seconds=N} records the
 * same window. Prints, per server, the medians over the rounds of throughput, p99 latency and block
 * delay per request, and their ratios. The block delay counted is that of the request path (waits
 * whose stack holds a frame of the server's package); the total, which adds the HTTP pool's idle
 * threads waiting for work, is printed beside it.
 *
 * <pre>
 * ./mvnw -q -pl toolkit/benchmarks,exercises/profiling/04-contention,solutions/profiling/04-contention/step3-buffer-audit-handoff \
 *     -am package dependency:build-classpath -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=runtime -DskipTests
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.contention.ContentionBenchmark \
 *     [rounds] [seconds] [clients] exercises/profiling/04-contention solutions/profiling/04-contention/step3-buffer-audit-handoff
 * </pre>
 * Each module directory needs {@code target/classes} and {@code target/run-classpath.txt} (the
 * build above writes both).
 *
 * <p>{@code --cost} measures what recording costs instead: one module started three times, with
 * {@code -Dthreadprof.contention.threshold=off}, at the default threshold and at {@code 0} (every
 * wait recorded), loaded in alternating rounds with no profile requested; prints the medians of
 * throughput and p99 and each setting's throughput against "off".
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.contention.ContentionBenchmark \
 *     --cost [rounds] [seconds] [clients] solutions/profiling/04-contention/step3-buffer-audit-handoff
 * </pre>
 */
public final class ContentionBenchmark {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final String MAIN_CLASS = "dev.threadprofiling.checkout.Main";
    private static final String APP_PACKAGE = "dev.threadprofiling.checkout.";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WARMUP_SECONDS = 5;
    /** {@code --cost}: the thresholds compared ({@code ""}: none given, the default). */
    private static final List<String> COST_SETTINGS = List.of(ContentionRecorder.OFF, "", "0");

    private ContentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> numbers = new ArrayList<>();
        List<Path> modules = new ArrayList<>();
        boolean cost = false;
        for (String arg : args) {
            if (arg.equals("--cost") && numbers.isEmpty() && modules.isEmpty()) {
                cost = true;
            } else if (arg.matches("\\d+") && modules.isEmpty()) {
                numbers.add(arg);
            } else {
                modules.add(Path.of(arg));
            }
        }
        if ((cost ? modules.size() != 1 : modules.size() < 2) || numbers.size() > 3) {
            System.err.println("usage: ContentionBenchmark [rounds] [seconds] [clients] MODULE_DIR MODULE_DIR...\n"
                    + "       ContentionBenchmark --cost [rounds] [seconds] [clients] MODULE_DIR");
            System.exit(2);
        }
        int rounds = numbers.size() > 0 ? BenchmarkSupport.positive("rounds", numbers.get(0)) : 5;
        int seconds = numbers.size() > 1 ? BenchmarkSupport.positive("seconds", numbers.get(1)) : 10;
        int clients = numbers.size() > 2 ? BenchmarkSupport.positive("clients", numbers.get(2)) : 32;

        List<Server> servers = new ArrayList<>();
        try {
            if (cost) {
                for (String threshold : COST_SETTINGS) {
                    servers.add(Server.start(modules.get(0), threshold));
                }
            } else {
                for (Path module : modules) {
                    servers.add(Server.start(module, null));
                }
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (Server server : servers) {
                load(http, server, WARMUP_SECONDS, clients, false);
            }
            System.out.printf(Locale.ROOT, "%d rounds of %d s, %d clients, GET /order, java %s, %d cores%n",
                    rounds, seconds, clients, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            if (cost) {
                measureCost(http, servers, rounds, seconds, clients);
                return;
            }
            for (int round = 1; round <= rounds; round++) {
                for (Server server : servers) {
                    Run run = load(http, server, seconds, clients, true);
                    server.runs.add(run);
                    System.out.printf(Locale.ROOT,
                            "round %d %-60s %8.1f req/s  p99 %7.1f ms  block delay %8.2f ms/req (all threads %8.2f)%n",
                            round, server.name(), run.throughput(), run.p99Millis(), run.blockMillisPerRequest(),
                            run.allBlockMillisPerRequest());
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-60s %10s %10s %22s %22s%n", "median of " + rounds, "req/s", "p99 ms",
                    "block delay ms/req", "all threads ms/req");
            for (Server server : servers) {
                System.out.printf(Locale.ROOT, "%-60s %10.1f %10.1f %22.2f %22.2f%n", server.name(),
                        server.median(Run::throughput), server.median(Run::p99Millis),
                        server.median(Run::blockMillisPerRequest), server.median(Run::allBlockMillisPerRequest));
            }
            Server first = servers.get(0);
            for (Server other : servers.subList(1, servers.size())) {
                System.out.printf(Locale.ROOT, "%s vs %s: throughput x%.1f, p99 /%.1f, request-path block delay per request /%.1f%n",
                        other.name(), first.name(),
                        other.median(Run::throughput) / first.median(Run::throughput),
                        first.median(Run::p99Millis) / other.median(Run::p99Millis),
                        first.median(Run::blockMillisPerRequest) / other.median(Run::blockMillisPerRequest));
            }
        } finally {
            for (Server server : servers) {
                server.process.destroy();
                server.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Interleaved rounds with no profile requested: what recording alone costs at each threshold. */
    private static void measureCost(HttpClient http, List<Server> servers, int rounds, int seconds, int clients)
            throws Exception {
        for (int round = 1; round <= rounds; round++) {
            for (Server server : servers) {
                Run run = load(http, server, seconds, clients, false);
                server.runs.add(run);
                System.out.printf(Locale.ROOT, "round %d %-28s %8.1f req/s  p99 %7.1f ms%n", round, server.name(),
                        run.throughput(), run.p99Millis());
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %14s %22s%n", "median of " + rounds, "req/s", "p99 ms",
                "vs off", "waits recorded /s");
        Server off = servers.get(0);
        for (Server server : servers) {
            double recorded = server.recordedWaits(http) / (double) (rounds * seconds + WARMUP_SECONDS);
            System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f %13.1f%% %22.0f%n", server.name(),
                    server.median(Run::throughput), server.median(Run::p99Millis),
                    100 * (server.median(Run::throughput) / off.median(Run::throughput) - 1), recorded);
        }
    }

    /** {@code clients} threads send {@code GET /order} back to back for {@code seconds}; optionally with the block profile of that window. */
    private static Run load(HttpClient http, Server server, int seconds, int clients, boolean profile)
            throws Exception {
        CompletableFuture<HttpResponse<String>> block = !profile ? null : http.sendAsync(
                request(server, "/debug/block?format=json&seconds=" + seconds, seconds + 30),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong failures = new AtomicLong();
        long[][] latencies = new long[clients][];
        Thread[] threads = new Thread[clients];
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(() -> latencies[client] = sendUntil(http, server, deadline, failures), "load-client-" + (c + 1));
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests to " + server.name() + " failed");
        }
        long requestPathNanos = 0;
        long allNanos = 0;
        if (block != null) {
            JsonNode root = MAPPER.readTree(block.get().body());
            allNanos = root.get("delayNanos").asLong();
            for (JsonNode sample : root.get("samples")) {
                if (onRequestPath(sample)) {
                    requestPathNanos += sample.get("delayNanos").asLong();
                }
            }
        }
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)];
        return new Run(all.length, elapsed, p99, requestPathNanos, allNanos);
    }

    private static boolean onRequestPath(JsonNode sample) {
        for (JsonNode frame : sample.get("frames")) {
            if (frame.get("class").asText().startsWith(APP_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static long[] sendUntil(HttpClient http, Server server, long deadline, AtomicLong failures) {
        long[] latencies = new long[1024];
        int count = 0;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request(server, "/order", 30), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            } catch (IOException e) {
                failures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, count);
    }

    private static HttpRequest request(Server server, String path, int timeoutSeconds) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + path))
                .timeout(Duration.ofSeconds(timeoutSeconds)).build();
    }

    /** One round against one server. */
    private record Run(long requests, double seconds, long p99Nanos, long blockDelayNanos, long allBlockDelayNanos) {
        double throughput() {
            return requests / seconds;
        }

        double p99Millis() {
            return p99Nanos / 1e6;
        }

        double blockMillisPerRequest() {
            return requests == 0 ? 0 : blockDelayNanos / 1e6 / requests;
        }

        double allBlockMillisPerRequest() {
            return requests == 0 ? 0 : allBlockDelayNanos / 1e6 / requests;
        }
    }

    /** A server module running in a child JVM. */
    private static final class Server {
        final Path module;
        final String threshold;
        final Process process;
        final int port;
        final List<Run> runs = new ArrayList<>();

        private Server(Path module, String threshold, Process process, int port) {
            this.module = module;
            this.threshold = threshold;
            this.process = process;
            this.port = port;
        }

        /** {@code threshold}: the value of {@code -Dthreadprof.contention.threshold} ({@code ""}: the default; {@code null}: not a cost run). */
        static Server start(Path module, String threshold) throws IOException {
            Path classes = module.resolve("target/classes");
            Path classpathFile = module.resolve("target/run-classpath.txt");
            if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
                System.err.println(module + " is not built: run the build in this class's Javadoc first");
                System.exit(2);
            }
            String classpath = classes + java.io.File.pathSeparator + Files.readString(classpathFile).strip();
            List<String> command = new ArrayList<>(List.of(BenchmarkSupport.jdkTool("java").toString()));
            if (threshold != null && !threshold.isEmpty()) {
                command.add("-D" + ContentionRecorder.THRESHOLD_PROPERTY + "=" + threshold);
            }
            command.addAll(List.of("-cp", classpath, MAIN_CLASS, "--port", "0"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    Thread drain = new Thread(() -> drain(out), "server-output-" + module.getFileName());
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(module, threshold, process, Integer.parseInt(listening.group(1)));
                }
            }
            throw new IllegalStateException(module + " exited before it listened");
        }

        String name() {
            if (threshold != null) {
                return "threshold " + (threshold.isEmpty() ? "default (" + ContentionRecorder.DEFAULT_THRESHOLD.toMillis() + " ms)" : threshold);
            }
            return module.toString();
        }

        /** Waits in the block and mutex profiles since the server started (0 when it records nothing). */
        long recordedWaits(HttpClient http) throws Exception {
            long waits = 0;
            for (String profile : List.of("block", "mutex")) {
                HttpResponse<String> response = http.send(request(this, "/debug/" + profile + "?format=json", 30),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                JsonNode count = MAPPER.readTree(response.body()).get("contentions");
                waits += count == null ? 0 : count.asLong();
            }
            return waits;
        }

        /** Reads the server's output until it exits, so that it never blocks on a full pipe. */
        private static void drain(BufferedReader out) {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException closed) {
                // the server is gone
            }
        }

        double median(java.util.function.ToDoubleFunction<Run> metric) {
            double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
