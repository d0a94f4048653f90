package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The "your exercise" summary both matrices print: it passes only when every check is fixed. Its
 * fixture verdicts are printed into a buffer, never to the build's output, where they would read as
 * the learner's exercise.
 */
class ShippedExerciseTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aFixedExercisePassesAndOneWithAPointLeftFailsNamingTheCheck() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("contention 1: the lock is held across the call", "fixed");
        verdicts.put("contention 2: one writer", "fixed");
        ShippedExercise.Exercise.CONTENTION.summarizeFixes("contention-matrix", verdicts, out);
        assertEquals(String.format("[contention-matrix] your exercise:%n"
                + "  contention 1: the lock is held across the call  fixed%n"
                + "  contention 2: one writer                        fixed%n"), printed.toString(StandardCharsets.UTF_8));

        verdicts.put("contention 2: one writer", "remains: 8 clients waited 40 times");
        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> ShippedExercise.Exercise.CONTENTION.summarizeFixes("contention-matrix", verdicts, out));
        assertEquals(String.format("Your edited exercise (the shipped one has its threads wait on purpose):%n"
                + "  contention 1: the lock is held across the call  fixed%n"
                + "  contention 2: one writer                        remains: 8 clients waited 40 times%n"
                + "1 of 2 contention points remain. Check a fix point by point with: scripts/check-contention.sh exercise%n"),
                error.getMessage());
    }

    @Test
    void chapter3sSummaryNamesItsLeaksAndItsCheck() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("leak 1: the work queue is never closed", "remains: 12 threads per request");
        verdicts.put("join: the answer waits for the pool's threads", "fixed");
        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> ShippedExercise.Exercise.THREADS.summarizeFixes("leak-matrix", verdicts, out));
        assertEquals(String.format("Your edited exercise (the shipped one leaks on purpose):%n"
                + "  leak 1: the work queue is never closed         remains: 12 threads per request%n"
                + "  join: the answer waits for the pool's threads  fixed%n"
                + "1 of 2 checks remain. Check a fix leak by leak with: scripts/check-leaks.sh exercise%n"),
                error.getMessage());
    }

    @Test
    void everyExerciseHasItsShippedFingerprintRecordedHereAndNoneInItsModule() {
        for (ShippedExercise.Exercise exercise : ShippedExercise.Exercise.values()) {
            String recorded = ShippedExercise.recordedFingerprints().get(exercise.path());
            assertEquals(64, recorded == null ? 0 : recorded.length(), exercise.path() + " in " + ShippedExercise.FINGERPRINT_FILE);
            assertFalse(java.nio.file.Files.exists(ShippedExercise.root().resolve(exercise.path())
                    .resolve("src/test/resources/shipped-exercise.sha256")), exercise.path() + " holds a fingerprint of its own");
        }
        assertTrue(java.nio.file.Files.exists(ShippedExercise.root().resolve(ShippedExercise.FINGERPRINT_FILE)));
    }
}
