package dev.threadprofiling.virtualpool;

import dev.threadprofiling.leakmatrix.Leak;
import dev.threadprofiling.leakmatrix.LeakMatrix;

/** Step 2 also propagates cancellation: leak 3 remains. */
class LeakMatrixTest extends LeakMatrix {

    LeakMatrixTest() {
        super(Main.class, Leak.ERROR_PATH_LEAVES_PRODUCER);
    }
}
