package dev.threadprofiling.bank;

import dev.threadprofiling.deadlockmatrix.DeadlockMatrix;

/** Step 2 adds a bound to every wait for an account: no deadlock, and a busy account answers 503 in time. */
class DeadlockMatrixTest extends DeadlockMatrix {

    DeadlockMatrixTest() {
        super(Main::create);
    }
}
