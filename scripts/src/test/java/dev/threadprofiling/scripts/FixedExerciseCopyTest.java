package dev.threadprofiling.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.leakmatrix.CheckoutLock;
import dev.threadprofiling.leakmatrix.WorkbookModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's path through both chapters, on one copy of the checkout: chapter 3's fixes of steps 2
 * and 3 copied over its exercise's {@code src/main} in turn (step 1 alone is what step 1's own leak
 * matrix checks), then chapter 4's step 3 over its exercise.
 *
 * <p>Chapter 3: {@code scripts/check-leaks.sh exercise} reports exactly the leaks left, tells a fix 3
 * that cancels but does not join from one that joins, and exits 0 only with all three. Chapter 4:
 * {@code scripts/check-contention.sh exercise} reports all three contention points fixed and exits 0. With every fix in, the exercises' tests and the tests that show the
 * shipped exercises (web view, docs) pass or skip: none fails because an exercise is fixed.
 */
@Timeout(900) // it waits on a Maven build of a copy; its own wait is 10 minutes
class FixedExerciseCopyTest {

    private static final Path ROOT = Path.of(System.getProperty("workbook.root", "..")).toAbsolutePath().normalize();
    private static final String EXERCISE = WorkbookModules.find("threads", "exercise").path();
    private static final String CONTENTION_EXERCISE = WorkbookModules.find("contention", "exercise").path();

    @Test
    void eachFixInTurn(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("checkout");
        try (CheckoutLock lock = CheckoutLock.hold(ROOT, "FixedExerciseCopyTest's copy")) {
            copyTree(ROOT, copy, true);
        }

        // Fixes 1 and 2 (each step's own leak matrix already prints these verdicts, stage by stage).
        applyFix(copy, "step2");
        checkLeaks(copy, 1, "leak 1: the work queue is never closed +fixed",
                "leak 2: cancellation is not propagated +fixed",
                "leak 3: the error path leaves the producer blocked +remains \\(1 thread per request\\)",
                "join: the answer waits for the pool's threads +not yet \\(.*\\)",
                "1 of 3 leaks remain in exercise");

        // Fix 3 half done: the error path also cancels the producer, but nothing joins.
        Path handler = copy.resolve(EXERCISE).resolve("src/main/java/dev/threadprofiling/workerpool/ProcessHandler.java");
        String awaited = "                pool.awaitWorkers(deadline);\n";
        String code = Files.readString(handler, StandardCharsets.UTF_8);
        assertTrue(code.contains(awaited), code);
        Files.writeString(handler, code.replace(awaited, awaited + "                pool.cancel();\n"), StandardCharsets.UTF_8);
        checkLeaks(copy, 1, "leak 3: the error path leaves the producer blocked +fixed",
                "join: the answer waits for the pool's threads +not yet \\(.*\\)",
                "no leak remains in exercise, but fix 3 is not complete: .*");

        applyFix(copy, "step3");
        checkLeaks(copy, 0, "leak 1: the work queue is never closed +fixed",
                "leak 2: cancellation is not propagated +fixed",
                "leak 3: the error path leaves the producer blocked +fixed",
                "join: the answer waits for the pool's threads +joined",
                "no leak remains in exercise, and every path joins its threads");

        // Chapter 4: all three fixes at once (the docs run the check on the shipped exercise, each
        // step's own contention matrix the stages between, and check-contention.bats the verdicts).
        applyFix(copy, CONTENTION_EXERCISE, WorkbookModules.find("contention", "step3").path());
        check(copy, "scripts/check-contention.sh", 0,
                "contention 1: the inventory lock is held across the warehouse call +fixed",
                "contention 2: the price list's lock is held while the price is computed +fixed",
                "contention 3: the audit entries are handed off unbuffered to the one writer +fixed",
                "no contention point remains in exercise");

        // The README's test command, on the tests that show the exercises: their own (each matrix
        // sums up the learner's fixes), the busy-core counts, the web view and the doc listings.
        Run verify = run(copy, List.of("./mvnw", "-q", "-o", "-pl",
                EXERCISE + "," + CONTENTION_EXERCISE + ",toolkit/threadprof-ui-test,docs", "-am", "verify",
                "-Dtest=LeakMatrixTest#leak+joins+yourExercise,ContentionMatrixTest,ExactCountsTest,WebViewInChromiumTest,"
                        + "DocsTest#everyCodeListingStandsInItsSource+everyLinkResolves",
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dexactcounts.runs=1",
                "-Dbuildorder.off=true")); // the copy builds only what these tests need
        assertEquals(0, verify.exit, verify.output);
        assertTrue(verify.output.contains("[leak-matrix] your exercise:"), verify.output);
        assertTrue(verify.output.contains("[contention-matrix] your exercise:"), verify.output);
    }

    /** Chapter 3's step {@code name} ({@code step2}) over its exercise. */
    private static void applyFix(Path copy, String name) throws IOException {
        applyFix(copy, EXERCISE, WorkbookModules.find("threads", name).path());
    }

    private static void applyFix(Path copy, String exercise, String step) throws IOException {
        Path main = copy.resolve(exercise).resolve("src/main");
        deleteTree(main);
        // New times, as an editor would leave them, so the build compiles the fix.
        copyTree(copy.resolve(step).resolve("src/main"), main, false);
    }

    private static void checkLeaks(Path copy, int exit, String... patterns) throws Exception {
        check(copy, "scripts/check-leaks.sh", exit, patterns);
    }

    /** {@code SCRIPT exercise} on the copy: its exit status, and a line matching each pattern. */
    private static void check(Path copy, String script, int exit, String... patterns) throws Exception {
        Run run = run(copy, List.of(script, "exercise"));
        assertEquals(exit, run.exit, run.output);
        assertLines(run.output, patterns);
    }

    private static void assertLines(String output, String... patterns) {
        List<String> lines = output.lines().collect(Collectors.toList());
        for (String pattern : patterns) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(pattern)), () -> "no line matches /" + pattern + "/ in:\n" + output);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // The copy is edited on purpose: it must not count as CI's shipped exercise.
        builder.environment().remove("CI");
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String output = new String(out, StandardCharsets.UTF_8);
        System.out.printf("$ %s%n%s(exit %d, %.1f s)%n", String.join(" ", command), output, process.exitValue(),
                (System.nanoTime() - start) / 1e9);
        return new Run(process.exitValue(), output);
    }

    /** A tree without .git; with {@code keepTimes}, build output stays newer than its sources, so only what changed compiles. */
    private static void copyTree(Path from, Path to, boolean keepTimes) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.filter(p -> !from.relativize(p).toString().startsWith(".git")).collect(Collectors.toList());
        }
        for (Path path : paths) {
            Path target = to.resolve(from.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(target);
            } else {
                if (keepTimes) {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path path : paths) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
