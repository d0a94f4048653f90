package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadprofiling.threadprof.capture.DeadlockedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.testing.Contenders;
import dev.threadprofiling.threadprof.model.ContentionKind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens our profiles with the real {@code go tool pprof}: {@code -top}, {@code -traces},
 * {@code -base} and {@code -list} with {@code -source_path}, on profiles captured before and
 * while 7 {@link BlockedWorkers} are parked.
 */
class GoPprofInteropTest {

    private static final int WORKERS = 7;
    private static final String WORKER_FUNCTION = BlockedWorkers.class.getName() + "." + BlockedWorkers.METHOD;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;

    private static Path go;
    private static Path before;
    private static Path after;
    private static Path block;
    private static Path deadlocked;

    @BeforeAll
    static void captureProfiles() throws IOException, InterruptedException {
        Optional<Path> found = findGo();
        Assumptions.assumeTrue(found.isPresent(),
                "go not installed: skipping go tool pprof interop (install golang-go)");
        go = found.get();
        before = dir.resolve("before.pb.gz");
        after = dir.resolve("after.pb.gz");
        Files.write(before, PprofFormat.gzipped(ThreadCapture.create().capture()));
        BlockedWorkers workers = BlockedWorkers.start(WORKERS);
        try {
            Files.write(after, PprofFormat.gzipped(ThreadCapture.create().capture()));
        } finally {
            workers.close();
        }
        deadlocked = dir.resolve("deadlocked.pb.gz");
        try (DeadlockedThreads cycle = DeadlockedThreads.start("pprof-transfer", DeadlockedThreads.Resource.LOCK,
                DeadlockedThreads.Resource.MONITOR)) {
            Files.write(deadlocked, PprofFormat.gzipped(ThreadCapture.create().capture()));
        }
        block = dir.resolve("block.pb.gz");
        try (ContentionRecorder recorder = ContentionRecorder.start(Duration.ofMillis(5))) {
            Contenders.contend("ledger-user", Contenders::enterSynchronized);
            Contenders.contend("lock-user", Contenders::takeLock);
            Files.write(block, PprofFormat.gzipped(recorder.cumulative(ContentionKind.BLOCK).weighted()));
        }
    }

    @Test
    void topShowsTheWorkerFunctionWithSevenThreads() throws Exception {
        String out = pprof("-top", after.toString());

        assertTrue(out.contains("Type: threads"), out);
        assertTrue(topLine(WORKER_FUNCTION, 0, WORKERS).matcher(out).find(),
                "-top has no line 'flat 0, cum " + WORKERS + "' for " + WORKER_FUNCTION + ":\n" + out);
    }

    @Test
    void tracesShowTheWorkerStackOnceWithCountAndLabels() throws Exception {
        String out = pprof("-traces", after.toString());

        List<String> traces = new ArrayList<>();
        for (String trace : out.split("-----------\\+-+\\n")) {
            if (trace.contains(WORKER_FUNCTION)) {
                traces.add(trace);
            }
        }
        assertEquals(1, traces.size(), "one trace holds the parked workers:\n" + out);
        String trace = traces.get(0);
        assertTrue(Pattern.compile("(?m)^\\s+state:\\s+WAITING$").matcher(trace).find(), trace);
        assertTrue(Pattern.compile("(?m)^\\s+virtual:\\s+false$").matcher(trace).find(), trace);
        assertTrue(Pattern.compile("(?m)^\\s+" + WORKERS + "\\s+jdk\\.internal\\.misc\\.Unsafe\\.park$")
                .matcher(trace).find(), "the trace counts " + WORKERS + " threads at its leaf:\n" + trace);
    }

    @Test
    void baseShowsOnlyWhatChanged() throws Exception {
        String out = pprof("-top", "-base", before.toString(), after.toString());

        assertTrue(topLine(WORKER_FUNCTION, 0, WORKERS).matcher(out).find(),
                "-base diff has no +" + WORKERS + " for " + WORKER_FUNCTION + ":\n" + out);
        assertFalse(out.contains("java.lang.ref.Reference$ReferenceHandler.run"),
                "the reference handler is in both profiles, so the diff cancels it:\n" + out);
    }

    @Test
    void listFindsTheSourceLineWithSevenThreads() throws Exception {
        Path sourceRoot = testSourceRoot();
        String out = pprof("-list", "BlockedWorkers.awaitWork", "-source_path", sourceRoot.toString(),
                after.toString());

        int takeLine = lineOf(sourceRoot.resolve("dev/threadprofiling/threadprof/format/BlockedWorkers.java"),
                "work.take();");
        Matcher line = Pattern.compile("(?m)^\\s+\\.\\s+(\\d+)\\s+" + takeLine + ":\\s+work\\.take\\(\\);").matcher(out);
        assertTrue(line.find(), "-list shows no source line " + takeLine + " with a count:\n" + out);
        assertEquals(String.valueOf(WORKERS), line.group(1), out);
        assertTrue(out.contains("ROUTINE ======================== " + WORKER_FUNCTION
                + " in dev/threadprofiling/threadprof/format/BlockedWorkers.java"), out);
    }

    @Test
    void tagfocusOnDeadlockSelectsTheThreadsOfTheCycleOnly() throws Exception {
        String cycle = pprof("-top", "-tagfocus=deadlock=1", deadlocked.toString());
        String holder = pprof("-traces", "-tagfocus=waits_for=pprof-transfer-1", deadlocked.toString());
        String all = pprof("-top", deadlocked.toString());

        String party = DeadlockedThreads.class.getName() + "$Party";
        assertTrue(topLine(party + ".run", 0, 2).matcher(cycle).find(), "both threads of the cycle:\n" + cycle);
        assertFalse(cycle.contains("java.lang.ref.Reference$ReferenceHandler.run"), "no thread outside the cycle:\n" + cycle);
        assertTrue(all.contains("java.lang.ref.Reference$ReferenceHandler.run"), "without -tagfocus every thread:\n" + all);
        assertTrue(Pattern.compile("(?m)^\\s+waits_for:\\s+pprof-transfer-1$").matcher(holder).find(), holder);
        assertTrue(Pattern.compile("(?m)^\\s+lock:\\s+monitor java\\.lang\\.Object@[0-9a-f]+$").matcher(holder).find(),
                "pprof-transfer-0 waits for resource 1, a monitor:\n" + holder);
        assertFalse(holder.contains("waits_for: pprof-transfer-0"), holder);
    }

    @Test
    void blockProfileTopShowsDelayAndContentionsAtTheWaitingFunctions() throws Exception {
        String delay = pprof("-top", block.toString());
        String contentions = pprof("-top", "-sample_index=contentions", block.toString());

        assertTrue(delay.contains("Type: delay"), delay);
        assertTrue(delay.contains(Contenders.class.getName() + ".enterSynchronized"), delay);
        assertTrue(delay.contains(Contenders.class.getName() + ".takeLock"), delay);
        assertTrue(contentions.contains("Type: contentions"), contentions);
        assertTrue(topLine(Contenders.class.getName() + ".takeLock", 0, 1).matcher(contentions).find(), contentions);
    }

    @Test
    void blockProfileTracesCarryTheLockAndTheOwnerAsLabels() throws Exception {
        String out = pprof("-traces", block.toString());

        assertTrue(Pattern.compile("(?m)^\\s+lock:\\s+" + Pattern.quote(Contenders.Ledger.class.getName()) + "$")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^\\s+owner:\\s+ledger-user-[12]$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^\\s+lock:\\s+java\\.util\\.concurrent\\.locks\\.ReentrantLock\\$NonfairSync$")
                .matcher(out).find(), out);
    }

    @Test
    void tagfocusKeepsTheWaitsOfOneLockClass() throws Exception {
        String out = pprof("-top", "-tagfocus=lock=ReentrantLock", block.toString());

        assertTrue(out.contains(Contenders.class.getName() + ".takeLock"), out);
        assertFalse(out.contains(Contenders.class.getName() + ".enterSynchronized"), out);
    }

    @Test
    void blockProfileListShowsTheDelayAtTheLockLine() throws Exception {
        Path sourceRoot = Contenders.sourceRoot();
        String out = pprof("-list", "Contenders.takeLock", "-source_path", sourceRoot.toString(), block.toString());

        int lockLine = Contenders.lineOf("lock");
        Matcher line = Pattern.compile("(?m)^\\s+\\.\\s+(\\d+(\\.\\d+)?ms)\\s+" + lockLine + ":\\s+LOCK\\.lock\\(\\);")
                .matcher(out);
        assertTrue(line.find(), "-list shows no delay at line " + lockLine + ":\n" + out);
    }

    /** A {@code -top} row: flat, flat%, sum%, cum, cum%, name. */
    private static Pattern topLine(String function, long flat, long cum) {
        return Pattern.compile("(?m)^\\s+" + flat + "\\s+\\S+%\\s+\\S+%\\s+" + cum + "\\s+\\S+%\\s+"
                + Pattern.quote(function) + "$");
    }

    /** Runs {@code go tool pprof args…}; fails on a non-zero exit or anything on stderr (warnings). */
    private static String pprof(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(go.toString(), "tool", "pprof"));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path stdout = Files.createTempFile(dir, "pprof", ".out");
        Path stderr = Files.createTempFile(dir, "pprof", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("PPROF_TMPDIR", home.toString());
        env.put("GOTOOLCHAIN", "local");
        env.put("GOFLAGS", "");
        env.put("GOENV", "off");
        env.put("GOPROXY", "off");
        env.put("GOCACHE", home.resolve("go-cache").toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        // pprof says how it read a numeric -tagfocus value (deadlock=1): information, not a warning
        String err = Files.readString(stderr, StandardCharsets.UTF_8).replaceAll("(?m)^tagfocus:Interpreted '\\d+' as range, not regexp\\R?", "");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + err + out);
        assertEquals("", err.strip(), String.join(" ", command) + " wrote to stderr (a warning):\n" + err);
        return out;
    }

    private static Optional<Path> findGo() {
        Path usrBin = Path.of("/usr/bin/go");
        if (Files.isExecutable(usrBin)) {
            return Optional.of(usrBin);
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "go"))) {
                return Optional.of(Path.of(entry, "go"));
            }
        }
        return Optional.empty();
    }

    /** {@code toolkit/threadprof/src/test/java}, from the build's workbook root or the module directory. */
    private static Path testSourceRoot() {
        String root = System.getProperty("workbook.root");
        Path fromRoot = root == null ? null : Path.of(root, "toolkit", "threadprof", "src", "test", "java");
        Path candidate = fromRoot != null && Files.isDirectory(fromRoot) ? fromRoot : Path.of("src", "test", "java");
        assertTrue(Files.isDirectory(candidate), "test sources not found at " + candidate.toAbsolutePath());
        return candidate.toAbsolutePath();
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(file + " has no line containing " + text);
    }
}
