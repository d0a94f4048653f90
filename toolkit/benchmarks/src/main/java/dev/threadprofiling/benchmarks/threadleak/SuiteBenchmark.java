package dev.threadprofiling.benchmarks.threadleak;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the generated suite ({@link GeneratedSuite}: 1,000 tests, 800 leave a thread that ends within
 * 5 s, 20 leak for real) without the checker, with {@code threadleak.mode=report}, with
 * {@code threadleak.mode=fail} and with report mode on the former 5 s grace, each in a fresh JVM,
 * interleaved over several rounds; prints the medians, the ratios, the end wait of each mode and its
 * precision and recall from its {@code threadleak-report.json}.
 *
 * <pre>
 * ./mvnw -q -pl toolkit/benchmarks -am package -DskipTests
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.threadleak.SuiteBenchmark --rounds 3
 * </pre>
 * Each run's class path is made from what the build writes into {@code --build-dir}
 * ({@code toolkit/benchmarks/target}): {@code classes} (the suite) and {@code suite-classpath.txt}
 * (JUnit), plus {@code threadleak-classpath.txt} (the threadleak-junit5 jar) for the runs with the
 * checker.
 */
public final class SuiteBenchmark {

    private static final Pattern THREAD = Pattern.compile("\"status\": \"(\\w+)\", \"name\": \"(real-leak|lingering)-\\d+\"");
    /** {@code report-grace5s}: report mode with the former default grace (5 s), to show what the default (7 s) costs. */
    private static final List<String> MODES = List.of("without", "report", "fail", "report-grace5s");
    private static final Pattern END_WAIT = Pattern.compile("\\[threadleak] end of the run: waited (\\d+) ms");
    private static final String BUILD = "./mvnw -q -pl toolkit/benchmarks -am package -DskipTests";

    private SuiteBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = 3;
        long workMillis = 30;
        Path buildDir = Path.of("toolkit/benchmarks/target");
        String usage = "usage: SuiteBenchmark [--rounds N (3)] [--work-millis MS (30)] [--build-dir toolkit/benchmarks/target]\n";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = BenchmarkSupport.positive("rounds", BenchmarkSupport.value(args, ++i, usage));
                case "--work-millis" -> workMillis = BenchmarkSupport.positive("work-millis", BenchmarkSupport.value(args, ++i, usage));
                case "--build-dir" -> buildDir = Path.of(BenchmarkSupport.value(args, ++i, usage));
                case "-h", "--help" -> {
                    System.out.print(usage);
                    return;
                }
                default -> fail("unknown argument: " + args[i]);
            }
        }
        Map<String, String> classpaths = classpaths(buildDir);
        Path work = Files.createTempDirectory("threadleak-benchmark-");
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        Map<String, String> lastCounts = new LinkedHashMap<>();
        Map<String, String> lastSummary = new LinkedHashMap<>();
        Map<String, List<Long>> endWaits = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < MODES.size(); m++) {
                String mode = MODES.get((m + round) % MODES.size());
                Path reportDir = work.resolve(mode + "-" + round);
                List<String> command = new ArrayList<>(List.of(BenchmarkSupport.jdkTool("java").toString(),
                        "-cp", classpaths.get(mode.equals("without") ? "without" : "with"),
                        "-Dbenchmark.workMillis=" + workMillis, "-Dthreadleak.reportDir=" + reportDir));
                if (!mode.equals("without")) {
                    command.add("-Dthreadleak.mode=" + mode.replace("-grace5s", ""));
                }
                if (mode.endsWith("-grace5s")) {
                    command.add("-Dthreadleak.graceMillis=5000");
                }
                command.add(SuiteRun.class.getName());
                Path log = work.resolve(mode + "-" + round + ".log");
                long start = System.nanoTime();
                int exit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (exit != 0) {
                    fail(mode + " run exited with " + exit + ": see " + log);
                }
                millis.computeIfAbsent(mode, k -> new ArrayList<>()).add(elapsed);
                endWaits.computeIfAbsent(mode, k -> new ArrayList<>()).add(endWait(log));
                lastSummary.put(mode, summaryLine(log));
                if (!mode.equals("without")) {
                    lastCounts.put(mode, counts(reportDir.resolve("threadleak-report.json")));
                }
                System.out.printf("round %d %-14s %6d ms  end wait %5d ms  %s%n", round + 1, mode, elapsed,
                        endWaits.get(mode).get(endWaits.get(mode).size() - 1), lastSummary.get(mode));
            }
        }
        double baseline = median(millis.get("without"));
        System.out.printf("%n%s, %d rounds interleaved, %d ms of work per test, Java %s%n", "1,000 tests (800 lingering, 20 leaking)",
                rounds, workMillis, Runtime.version());
        System.out.println("| run | median | ratio | end wait (median) | real leaks reported as leaked | lingering threads reported as leaked | suite result |");
        System.out.println("|---|---:|---:|---:|---|---|---|");
        for (String mode : MODES) {
            double median = median(millis.get(mode));
            String name = mode.equals("without") ? "without the checker"
                    : "threadleak.mode=" + mode.replace("-grace5s", "") + (mode.endsWith("-grace5s") ? ", graceMillis=5000" : "");
            System.out.printf("| %s | %.1f s | %.2fx | %s | %s | %s |%n", name, median / 1000.0, median / baseline,
                    mode.equals("without") ? "-" : String.format("%.1f s", median(endWaits.get(mode)) / 1000.0),
                    lastCounts.getOrDefault(mode, "- | -"), lastSummary.get(mode));
        }
        System.out.println("\nlogs and reports: " + work);
    }

    /** The runs' class paths: the suite and JUnit ("without"), and the same with the threadleak jar ("with"). */
    private static Map<String, String> classpaths(Path buildDir) throws IOException {
        Path classes = buildDir.resolve("classes").toAbsolutePath();
        String junit = classpathFile(buildDir.resolve("suite-classpath.txt"));
        String threadleak = classpathFile(buildDir.resolve("threadleak-classpath.txt"));
        if (!Files.isDirectory(classes) || !junit.contains("junit-platform-launcher") || !threadleak.endsWith(".jar")
                || threadleak.contains(File.pathSeparator)) {
            fail(buildDir + " holds no classes, JUnit class path or threadleak-junit5 jar: build it with " + BUILD);
        }
        String without = classes + File.pathSeparator + junit;
        return Map.of("without", without, "with", without + File.pathSeparator + threadleak);
    }

    private static String classpathFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            fail("no " + file + ": build it first with " + BUILD);
        }
        return Files.readString(file).trim();
    }

    /** {@code 20/20 (0 undecided) | 0/800} from a run's JSON report. */
    private static String counts(Path json) throws IOException {
        if (!Files.exists(json)) {
            return "no report | no report";
        }
        int realLeaked = 0;
        int realUndecided = 0;
        int lingeringLeaked = 0;
        int lingeringUndecided = 0;
        Matcher m = THREAD.matcher(Files.readString(json));
        while (m.find()) {
            boolean real = m.group(2).equals("real-leak");
            switch (m.group(1)) {
                case "leaked" -> {
                    if (real) {
                        realLeaked++;
                    } else {
                        lingeringLeaked++;
                    }
                }
                case "undecided" -> {
                    if (real) {
                        realUndecided++;
                    } else {
                        lingeringUndecided++;
                    }
                }
                default -> {
                }
            }
        }
        int realTotal = 0;
        int lingeringTotal = 0;
        for (int i = 0; i < GeneratedSuite.TESTS; i++) {
            realTotal += GeneratedSuite.leaks(i) ? 1 : 0;
            lingeringTotal += !GeneratedSuite.leaks(i) && GeneratedSuite.lingers(i) ? 1 : 0;
        }
        return realLeaked + "/" + realTotal + " (" + realUndecided + " more undecided at the end) | " + lingeringLeaked
                + "/" + lingeringTotal + " (" + lingeringUndecided + " undecided at the end)";
    }

    /** The end wait the run's stderr summary reports, or 0 (no checker). */
    private static long endWait(Path log) throws IOException {
        Matcher m = END_WAIT.matcher(Files.readString(log));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String summaryLine(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("tests=")).findFirst().orElse("(no summary)");
    }

    private static double median(List<Long> millis) {
        return BenchmarkSupport.median(millis.stream().mapToDouble(Long::doubleValue).toArray());
    }

    private static void fail(String message) {
        System.err.println("SuiteBenchmark: " + message);
        System.exit(2);
    }
}
