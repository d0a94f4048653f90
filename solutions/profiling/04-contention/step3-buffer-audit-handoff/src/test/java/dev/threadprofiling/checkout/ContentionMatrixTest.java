package dev.threadprofiling.checkout;

import dev.threadprofiling.contentionmatrix.ContentionMatrix;

/** Step 3 also buffers the audit hand-off: no contention point remains. */
class ContentionMatrixTest extends ContentionMatrix {

    ContentionMatrixTest() {
        super(Main::create);
    }
}
