package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The "your exercise" summary both matrices print: it passes only when every check is fixed. */
class ShippedExerciseTest {

    @Test
    void aFixedExercisePassesAndOneWithAPointLeftFailsNamingTheCheck() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("contention 1: the lock is held across the call", "fixed");
        verdicts.put("contention 2: one writer", "fixed");
        ShippedExercise.Exercise.CONTENTION.summarizeFixes("contention-matrix", verdicts);

        verdicts.put("contention 2: one writer", "remains: 8 clients waited 40 times");
        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> ShippedExercise.Exercise.CONTENTION.summarizeFixes("contention-matrix", verdicts));
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
                () -> ShippedExercise.Exercise.THREADS.summarizeFixes("leak-matrix", verdicts));
        assertEquals(String.format("Your edited exercise (the shipped one leaks on purpose):%n"
                + "  leak 1: the work queue is never closed         remains: 12 threads per request%n"
                + "  join: the answer waits for the pool's threads  fixed%n"
                + "1 of 2 checks remain. Check a fix leak by leak with: scripts/check-leaks.sh exercise%n"),
                error.getMessage());
    }
}
