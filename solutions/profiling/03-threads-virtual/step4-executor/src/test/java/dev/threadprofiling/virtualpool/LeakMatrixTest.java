package dev.threadprofiling.virtualpool;

import dev.threadprofiling.leakmatrix.Leak;
import dev.threadprofiling.leakmatrix.LeakMatrix;

/** Step 4 joins through an ExecutorService, closed on every path: no leak remains. */
class LeakMatrixTest extends LeakMatrix {

    LeakMatrixTest() {
        super(Main.class);
    }
}
