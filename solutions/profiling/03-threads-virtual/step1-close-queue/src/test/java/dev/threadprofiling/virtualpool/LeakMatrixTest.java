package dev.threadprofiling.virtualpool;

import dev.threadprofiling.leakmatrix.Leak;
import dev.threadprofiling.leakmatrix.LeakMatrix;

/** Step 1 closes the queue: leaks 2 and 3 remain. */
class LeakMatrixTest extends LeakMatrix {

    LeakMatrixTest() {
        super(Main.class, Leak.CANCELLATION_NOT_PROPAGATED, Leak.ERROR_PATH_LEAVES_PRODUCER);
    }
}
