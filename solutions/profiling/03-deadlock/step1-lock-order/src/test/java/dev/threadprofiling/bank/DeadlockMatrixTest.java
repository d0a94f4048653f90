package dev.threadprofiling.bank;

import dev.threadprofiling.deadlockmatrix.Defect;
import dev.threadprofiling.deadlockmatrix.DeadlockMatrix;

/** Step 1 locks in one order: no deadlock; a transfer still waits for a busy account as long as it is held. */
class DeadlockMatrixTest extends DeadlockMatrix {

    DeadlockMatrixTest() {
        super(Main::create, Defect.UNBOUNDED_WAIT);
    }
}
