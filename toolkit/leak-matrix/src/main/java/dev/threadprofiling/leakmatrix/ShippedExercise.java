package dev.threadprofiling.leakmatrix;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * Tells an exercise as shipped from one a learner has edited: the SHA-256 of its {@code src/main}
 * (paths and contents, line endings ignored) against the one recorded for it in this module's
 * {@value #FINGERPRINT_FILE}, one line per exercise ({@link Exercise}). The exercises themselves hold
 * nothing of it: their diff to step 1 is the lesson alone.
 *
 * <p>Tests that show the leaks or the contention (the doc test, the web-view test, the exact counts)
 * run only on the shipped exercise and skip with {@link Exercise#editedMessage()} on an edited one;
 * the exercise's own matrix then holds it to "fixed" and sums up the learner's fixes. In CI
 * ({@code CI=true}) an edited exercise is an error: CI proves that the shipped exercise is broken.
 */
public final class ShippedExercise {

    /** The exercise every chapter command runs, relative to the checkout root (from {@link WorkbookModules}). */
    public static final String PLATFORM = Exercise.THREADS.path();
    public static final String VIRTUAL = Exercise.THREADS_VIRTUAL.path();
    /** Chapter 4's exercise. */
    public static final String CONTENTION = Exercise.CONTENTION.path();
    /** Where the fingerprints are recorded, relative to the checkout root (a resource of this module). */
    public static final String FINGERPRINT_FILE =
            "toolkit/leak-matrix/src/main/resources/dev/threadprofiling/leakmatrix/shipped-exercises.sha256";
    private static final String FINGERPRINT_RESOURCE = "shipped-exercises.sha256";
    public static final String CHECK_COMMAND = "scripts/check-leaks.sh exercise";
    /** {@link Exercise#editedMessage()} of chapter 3's exercise. */
    public static final String EDITED_MESSAGE = Exercise.THREADS.editedMessage();

    private ShippedExercise() {
    }

    /** The exercises with a recorded fingerprint, each with the command that checks a learner's fix. */
    public enum Exercise {
        THREADS(module("threads", "exercise"), "leaking", CHECK_COMMAND, "leaks on purpose", "checks", "leak by leak"),
        THREADS_VIRTUAL(module("threads-virtual", "virtual-exercise"), "leaking", "scripts/check-leaks.sh virtual-exercise",
                "leaks on purpose", "checks", "leak by leak"),
        CONTENTION(module("contention", "exercise"), "contended", "scripts/check-contention.sh exercise",
                "has its threads wait on purpose", "contention points", "point by point"),
        DEADLOCK(module("deadlock", "exercise"), "deadlocking", "scripts/check-deadlocks.sh exercise",
                "deadlocks on purpose", "checks", "under load");

        private final String path;
        private final String broken;
        private final String checkCommand;
        private final String onPurpose;
        private final String checks;
        private final String checkedBy;

        Exercise(String path, String broken, String checkCommand, String onPurpose, String checks, String checkedBy) {
            this.path = path;
            this.broken = broken;
            this.checkCommand = checkCommand;
            this.onPurpose = onPurpose;
            this.checks = checks;
            this.checkedBy = checkedBy;
        }

        private static String module(String chapter, String name) {
            return WorkbookModules.find(chapter, name).path();
        }

        /** The exercise whose module {@code moduleDir} is ({@code …/exercises/profiling/03-threads}), if any. */
        public static Optional<Exercise> at(Path moduleDir) {
            return Arrays.stream(values()).filter(exercise -> moduleDir.endsWith(exercise.path())).findFirst();
        }

        /** Relative to the checkout root. */
        public String path() {
            return path;
        }

        public String checkCommand() {
            return checkCommand;
        }

        /** Why a test that shows this exercise as shipped skips on an edited one, and how to check the fix. */
        public String editedMessage() {
            return "the exercise has been edited (your fix): this test shows the shipped, " + broken
                    + " exercise and is skipped; check your fix with " + checkCommand;
        }

        /**
         * A matrix's "your exercise" summary of the learner's fixes: prints each check's verdict under
         * {@code [tag] your exercise:}, and fails, naming the check command, while any is not {@code fixed}.
         */
        public void summarizeFixes(String tag, Map<String, String> verdicts) {
            summarizeFixes(tag, verdicts, System.out);
        }

        /** The same, printed to {@code out} (a test's fixture verdicts must not read as the learner's). */
        public void summarizeFixes(String tag, Map<String, String> verdicts, PrintStream out) {
            int width = verdicts.keySet().stream().mapToInt(String::length).max().orElse(0);
            StringBuilder summary = new StringBuilder();
            verdicts.forEach((check, verdict) -> summary.append(String.format("  %-" + width + "s  %s%n", check, verdict)));
            long remaining = verdicts.values().stream().filter(verdict -> !verdict.equals("fixed")).count();
            out.printf("[%s] your exercise:%n%s", tag, summary);
            if (remaining > 0) {
                Assertions.fail(String.format("Your edited exercise (the shipped one %s):%n%s%d of %d %s remain. Check a fix"
                        + " %s with: %s%n", onPurpose, summary, remaining, verdicts.size(), checks, checkedBy, checkCommand));
            }
        }

        /** Whether this exercise under {@code root} differs from the one shipped (an error in CI). */
        public boolean isEdited(Path root) {
            return !isShipped(root.resolve(path));
        }
    }

    /** Whether {@code moduleDir} is an exercise (it has a fingerprint) that a learner has edited. */
    public static boolean isEditedExercise(Path moduleDir) {
        return Exercise.at(moduleDir).isPresent() && !isShipped(moduleDir);
    }

    /** The checkout root: {@code -Dworkbook.root}, or the parent directories of the working directory. */
    public static Path root() {
        return WorkbookModules.root();
    }

    /** Whether the platform exercise under {@link #root()} is the one shipped. */
    public static boolean isShipped() {
        return isShipped(root().resolve(PLATFORM));
    }

    /**
     * Whether {@code moduleDir}'s {@code src/main} matches its recorded fingerprint. Throws in CI
     * when it does not, since CI must prove the shipped exercise.
     */
    public static boolean isShipped(Path moduleDir) {
        Exercise exercise = Exercise.at(moduleDir)
                .orElseThrow(() -> new IllegalStateException("no fingerprint for " + moduleDir + " in " + FINGERPRINT_FILE));
        String expected = recordedFingerprints().get(exercise.path());
        if (expected == null) {
            throw new IllegalStateException("no line for " + exercise.path() + " in " + FINGERPRINT_FILE);
        }
        String actual = fingerprint(moduleDir.resolve("src/main"));
        boolean shipped = expected.equals(actual);
        if (!shipped && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(moduleDir + "/src/main differs from the shipped exercise (" + actual
                    + " recorded in " + FINGERPRINT_FILE + " as " + expected + "). If the change is meant, write the new"
                    + " fingerprint into that file.");
        }
        return shipped;
    }

    /** {@value #FINGERPRINT_FILE}: exercise path to its fingerprint. */
    static Map<String, String> recordedFingerprints() {
        try (InputStream in = ShippedExercise.class.getResourceAsStream(FINGERPRINT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + FINGERPRINT_FILE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.trim().split("\\s+", 2))
                    .collect(Collectors.toMap(fields -> fields[1], fields -> fields[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over every file under {@code srcMain}: its relative path, then its text with LF line endings. */
    public static String fingerprint(Path srcMain) {
        try (Stream<Path> walk = Files.walk(srcMain)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(srcMain.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
