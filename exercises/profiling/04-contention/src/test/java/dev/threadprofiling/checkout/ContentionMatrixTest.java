package dev.threadprofiling.checkout;

import dev.threadprofiling.contentionmatrix.Contention;
import dev.threadprofiling.contentionmatrix.ContentionMatrix;

/** The exercise has all three contention points: this proves it is still unsolved. */
class ContentionMatrixTest extends ContentionMatrix {

    ContentionMatrixTest() {
        super(Main::create, Contention.WAREHOUSE_CALL_UNDER_LOCK, Contention.QUOTE_UNDER_LOCK,
                Contention.UNBUFFERED_AUDIT_HANDOFF);
    }
}
