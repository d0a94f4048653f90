package dev.threadprofiling.virtualpool;

import dev.threadprofiling.leakmatrix.Leak;
import dev.threadprofiling.leakmatrix.LeakMatrix;

/** Step 3 joins every thread on every path: no leak remains. */
class LeakMatrixTest extends LeakMatrix {

    LeakMatrixTest() {
        super(Main.class);
    }
}
