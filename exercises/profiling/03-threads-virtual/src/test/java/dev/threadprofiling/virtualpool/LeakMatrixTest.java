package dev.threadprofiling.virtualpool;

import dev.threadprofiling.leakmatrix.Leak;
import dev.threadprofiling.leakmatrix.LeakMatrix;

/** The exercise has all three leaks: this proves it is still unsolved. */
class LeakMatrixTest extends LeakMatrix {

    LeakMatrixTest() {
        super(Main.class, Leak.QUEUE_NEVER_CLOSED, Leak.CANCELLATION_NOT_PROPAGATED, Leak.ERROR_PATH_LEAVES_PRODUCER);
    }
}
