package dev.threadprofiling.bank;

import dev.threadprofiling.deadlockmatrix.Defect;
import dev.threadprofiling.deadlockmatrix.DeadlockMatrix;

/** The exercise deadlocks, and its transfers wait without a bound: this proves it is still unsolved. */
class DeadlockMatrixTest extends DeadlockMatrix {

    DeadlockMatrixTest() {
        super(Main::create, Defect.DEADLOCK, Defect.UNBOUNDED_WAIT);
    }
}
