package dev.threadprofiling.workerpool;

import dev.threadprofiling.leakmatrix.ExactCountsOnABusyCore;

/** The chapter's Step 2 gives its exact counts on a busy core, run after run. */
class ExactCountsTest extends ExactCountsOnABusyCore {

    ExactCountsTest() {
        super(Main.class, 1246, 1200, 20);
    }
}
