package dev.threadprofiling.docs;

import dev.threadprofiling.leakmatrix.ExactCountsOnABusyCore;
import dev.threadprofiling.leakmatrix.ShippedExercise;

/**
 * Chapter 3's Step 2 gives its exact counts ({@code total 1246}, 1200 workers, 20 producers) on a
 * busy core, run after run: a few runs in {@code ./mvnw verify}, 20 in CI ({@code -Dexactcounts.runs=20}).
 */
class ExactCountsTest extends ExactCountsOnABusyCore {

    ExactCountsTest() {
        super(ShippedExercise.PLATFORM, "dev.threadprofiling.workerpool.Main", 1246, 1200, 20);
    }
}
