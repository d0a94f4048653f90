package dev.threadprofiling.checkout;

import dev.threadprofiling.contentionmatrix.Contention;
import dev.threadprofiling.contentionmatrix.ContentionMatrix;

/** Step 2 also computes quotes without a lock: contention point 3 remains. */
class ContentionMatrixTest extends ContentionMatrix {

    ContentionMatrixTest() {
        super(Main::create, Contention.UNBUFFERED_AUDIT_HANDOFF);
    }
}
