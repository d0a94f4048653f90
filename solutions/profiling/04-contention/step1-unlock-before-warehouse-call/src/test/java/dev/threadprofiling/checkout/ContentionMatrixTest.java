package dev.threadprofiling.checkout;

import dev.threadprofiling.contentionmatrix.Contention;
import dev.threadprofiling.contentionmatrix.ContentionMatrix;

/** Step 1 calls the warehouse outside the lock: contention points 2 and 3 remain. */
class ContentionMatrixTest extends ContentionMatrix {

    ContentionMatrixTest() {
        super(Main::create, Contention.QUOTE_UNDER_LOCK, Contention.UNBUFFERED_AUDIT_HANDOFF);
    }
}
