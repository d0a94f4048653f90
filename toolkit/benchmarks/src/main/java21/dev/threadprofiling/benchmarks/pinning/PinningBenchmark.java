package dev.threadprofiling.benchmarks.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning.Case;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What pinning costs, case by case, and how it differs between JDKs: N virtual threads each block
 * for a while (a sleep, the simulated I/O call) in one of {@link Case}'s four ways, on monitors,
 * locks and classes of their own, so that nothing is contended. Per case: the wall time, the
 * throughput (threads per second) and the {@code jdk.VirtualThreadPinned} events that the pinned
 * profile ({@link ContentionRecorder}, {@code /debug/pinned}) recorded, with the first application
 * frame of the largest. Java 21+.
 *
 * <pre>
 * ./mvnw -q -pl toolkit/benchmarks -am package -DskipTests            # on a JDK 21+
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.pinning.PinningBenchmark \
 *     run [--rounds 3] [--threads 8] [--sleep-ms 100]
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.pinning.PinningBenchmark \
 *     compare [--rounds 5] [--threads 8] [--sleep-ms 100] 21=/path/to/jdk-21/bin/java 25=/path/to/jdk-25/bin/java
 * </pre>
 * {@code run} measures this JVM: rounds of the four cases in turn, then their medians.
 * {@code compare} measures several JVMs side by side: each round starts one child JVM per
 * {@code NAME=COMMAND} in turn (the command is split at spaces; this jar is its class path; on
 * {@value PinningServer#CARRIERS} carriers unless the command sets {@code -Djdk.virtualThreadScheduler.parallelism}), which
 * runs one warm-up and one measured round, then prints the medians per case and JVM and the wall-time
 * ratio of the first JVM to each other.
 */
public final class PinningBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String USAGE = """
            usage: PinningBenchmark run [--rounds R] [--threads N] [--sleep-ms MS] [--json]
                   PinningBenchmark compare [--rounds R] [--threads N] [--sleep-ms MS] NAME=COMMAND NAME=COMMAND...
            """;

    private PinningBenchmark() {
    }

    /** The measured figures of one case in one round. */
    record Measure(Case work, long wallNanos, long pinnings, long pinnedNanos, String at) {

        double wallMillis() {
            return wallNanos / 1e6;
        }

        double threadsPerSecond(int threads) {
            return threads / (wallNanos / 1e9);
        }
    }

    /** One round in one JVM: its version, its carriers and a measure per case. */
    record Round(String java, int carriers, List<Measure> measures) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("compare"))) {
            System.err.print(USAGE);
            System.exit(2);
        }
        int rounds = args[0].equals("run") ? 3 : 5;
        int threads = 8;
        int sleepMillis = 100;
        boolean json = false;
        Map<String, List<String>> jvms = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = BenchmarkSupport.positive("rounds", BenchmarkSupport.value(args, ++i, USAGE));
                case "--threads" -> threads = BenchmarkSupport.positive("threads", BenchmarkSupport.value(args, ++i, USAGE));
                case "--sleep-ms" -> sleepMillis = BenchmarkSupport.positive("sleep-ms", BenchmarkSupport.value(args, ++i, USAGE));
                case "--json" -> json = true;
                default -> {
                    int equals = args[i].indexOf('=');
                    if (!args[0].equals("compare") || equals < 1 || args[i].startsWith("-")) {
                        System.err.print("unknown argument: " + args[i] + "\n" + USAGE);
                        System.exit(2);
                    }
                    jvms.put(args[i].substring(0, equals), List.of(args[i].substring(equals + 1).trim().split("\\s+")));
                }
            }
        }
        Duration sleep = Duration.ofMillis(sleepMillis);
        if (args[0].equals("run")) {
            run(rounds, threads, sleep, json);
        } else {
            if (jvms.size() < 2) {
                System.err.print("compare needs two JVMs or more (NAME=COMMAND)\n" + USAGE);
                System.exit(2);
            }
            compare(jvms, rounds, threads, sleep);
        }
    }

    /** Rounds of the four cases in this JVM, each after one warm-up round; prints them and their medians. */
    private static void run(int rounds, int threads, Duration sleep, boolean json) throws Exception {
        List<Round> measured = new ArrayList<>();
        try (ContentionRecorder recorder = ContentionRecorder.start(ContentionRecorder.DEFAULT_THRESHOLD)) {
            if (!recorder.recording()) {
                throw new IllegalStateException("JFR is unavailable: the pinned profile cannot be recorded");
            }
            round(recorder, threads, sleep);
            for (int i = 0; i < rounds; i++) {
                measured.add(round(recorder, threads, sleep));
            }
        }
        if (json) {
            System.out.println(MAPPER.writeValueAsString(toJson(measured.get(measured.size() - 1))));
            return;
        }
        System.out.printf(Locale.ROOT, "Java %s, %d carriers: %d virtual threads per case, each blocking %d ms;"
                        + " median of %d rounds (pinned profile threshold %d ms)%n",
                measured.get(0).java(), measured.get(0).carriers(), threads, sleep.toMillis(), rounds,
                ContentionRecorder.DEFAULT_THRESHOLD.toMillis());
        printMedians(Map.of("", measured), threads);
    }

    /** Each case once; the pinnings each one added to the pinned profile. */
    private static Round round(ContentionRecorder recorder, int threads, Duration sleep) throws Exception {
        List<Measure> measures = new ArrayList<>();
        ContentionProfile before = recorder.cumulative(ContentionKind.PINNED);
        for (Case work : Case.values()) {
            Duration wall = VirtualThreadPinning.run(work, "pinning-" + work.id(), threads, sleep);
            ContentionProfile after = recorder.cumulative(ContentionKind.PINNED);
            measures.add(new Measure(work, wall.toNanos(), after.totalCount() - before.totalCount(),
                    after.totalDelayNanos() - before.totalDelayNanos(), largestNewSite(before, after)));
            before = after;
        }
        return new Round(Runtime.version().toString(), VirtualThreadPinning.parallelism(), measures);
    }

    /** The first application frame of the stack whose pinnings grew most between the two profiles, or "-". */
    private static String largestNewSite(ContentionProfile before, ContentionProfile after) {
        Map<List<StackFrame>, Long> earlier = before.samples().stream()
                .collect(Collectors.toMap(ContentionSample::frames, ContentionSample::count, Long::sum));
        return after.samples().stream()
                .collect(Collectors.toMap(ContentionSample::frames, ContentionSample::count, Long::sum))
                .entrySet().stream()
                .filter(e -> e.getValue() > earlier.getOrDefault(e.getKey(), 0L))
                .max(Comparator.comparingLong(e -> e.getValue() - earlier.getOrDefault(e.getKey(), 0L)))
                .map(e -> ApplicationFrames.first(e.getKey()))
                .map(FrameText::simple)
                .orElse("-");
    }

    /** Rounds of one child JVM per NAME=COMMAND in turn. */
    private static void compare(Map<String, List<String>> jvms, int rounds, int threads, Duration sleep)
            throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        Map<String, List<Round>> byJvm = new LinkedHashMap<>();
        jvms.keySet().forEach(name -> byJvm.put(name, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, List<String>> jvm : jvms.entrySet()) {
                Round measured = child(jvm.getValue(), classPath, threads, sleep);
                byJvm.get(jvm.getKey()).add(measured);
                System.out.printf(Locale.ROOT, "round %d %-4s Java %-12s %s%n", round, jvm.getKey(), measured.java(),
                        measured.measures().stream()
                                .map(m -> String.format(Locale.ROOT, "%s %.0f ms %d pinned", m.work().id(),
                                        m.wallMillis(), m.pinnings()))
                                .collect(Collectors.joining(", ")));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d virtual threads per case, each blocking %d ms; median of %d rounds, one JVM"
                + " per round and JDK, in turn%n", threads, sleep.toMillis(), rounds);
        for (Map.Entry<String, List<Round>> jvm : byJvm.entrySet()) {
            System.out.printf(Locale.ROOT, "%-4s Java %s, %d carriers%n", jvm.getKey(), jvm.getValue().get(0).java(),
                    jvm.getValue().get(0).carriers());
        }
        printMedians(byJvm, threads);
        List<String> names = new ArrayList<>(byJvm.keySet());
        String first = names.get(0);
        for (String other : names.subList(1, names.size())) {
            System.out.printf(Locale.ROOT, "wall time, %s against %s: %s%n", first, other, Arrays.stream(Case.values())
                    .map(work -> String.format(Locale.ROOT, "%s x%.2f", work.id(),
                            median(byJvm.get(first), work, Measure::wallMillis)
                                    / median(byJvm.get(other), work, Measure::wallMillis)))
                    .collect(Collectors.joining(", ")));
        }
    }

    private static Round child(List<String> command, String classPath, int threads, Duration sleep) throws Exception {
        List<String> argv = new ArrayList<>(command);
        if (argv.stream().noneMatch(arg -> arg.startsWith("-D" + PinningServer.PARALLELISM + "="))) {
            argv.add("-D" + PinningServer.PARALLELISM + "=" + PinningServer.CARRIERS); // the same carriers on any machine
        }
        argv.addAll(List.of("-cp", classPath, PinningBenchmark.class.getName(), "run", "--rounds", "1",
                "--threads", Integer.toString(threads), "--sleep-ms", Long.toString(sleep.toMillis()), "--json"));
        // Its output goes to a file, so that the wait below is what bounds the child (a read would block).
        Path output = Files.createTempFile("pinning-child-", ".out");
        try {
            Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 5 minutes");
            }
            String last = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("{"))
                    .reduce((first, second) -> second).orElse(null);
            if (process.exitValue() != 0 || last == null) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + process.exitValue()
                        + (last == null ? " without a result" : ""));
            }
            return fromJson(MAPPER.readTree(last));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void printMedians(Map<String, List<Round>> byJvm, int threads) {
        boolean several = byJvm.size() > 1;
        System.out.printf(Locale.ROOT, "%-18s %s%9s %10s %8s %10s   %s%n", "case", several ? "jvm  " : "", "wall ms",
                "threads/s", "pinned", "pinned ms", "pinned at (first application frame)");
        for (Case work : Case.values()) {
            for (Map.Entry<String, List<Round>> jvm : byJvm.entrySet()) {
                List<Round> rounds = jvm.getValue();
                String at = rounds.get(rounds.size() - 1).measures().get(work.ordinal()).at();
                System.out.printf(Locale.ROOT, "%-18s %s%9.1f %10.1f %8.0f %10.1f   %s%n", work.id(),
                        several ? String.format(Locale.ROOT, "%-5s", jvm.getKey()) : "",
                        median(rounds, work, Measure::wallMillis),
                        median(rounds, work, m -> m.threadsPerSecond(threads)),
                        median(rounds, work, m -> m.pinnings()),
                        median(rounds, work, m -> m.pinnedNanos() / 1e6), at);
            }
        }
    }

    private static double median(List<Round> rounds, Case work, java.util.function.ToDoubleFunction<Measure> metric) {
        return BenchmarkSupport.median(rounds.stream().mapToDouble(r -> metric.applyAsDouble(r.measures().get(work.ordinal())))
                .toArray());
    }

    private static ObjectNode toJson(Round round) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("java", round.java());
        node.put("carriers", round.carriers());
        ArrayNode measures = node.putArray("measures");
        for (Measure measure : round.measures()) {
            measures.addObject().put("case", measure.work().id()).put("wallNanos", measure.wallNanos())
                    .put("pinnings", measure.pinnings()).put("pinnedNanos", measure.pinnedNanos())
                    .put("at", measure.at());
        }
        return node;
    }

    private static Round fromJson(JsonNode node) {
        List<Measure> measures = new ArrayList<>();
        for (JsonNode measure : node.get("measures")) {
            measures.add(new Measure(Case.of(measure.get("case").asText()), measure.get("wallNanos").asLong(),
                    measure.get("pinnings").asLong(), measure.get("pinnedNanos").asLong(), measure.get("at").asText()));
        }
        return new Round(node.get("java").asText(), node.get("carriers").asInt(), measures);
    }
}
