package dev.threadprofiling.workerpool;

import dev.threadprofiling.leakmatrix.ServerContract;

/** Bad input to every endpoint gets a 4xx with a JSON error; the server goes on serving. */
class ServerContractTest extends ServerContract {

    ServerContractTest() {
        super(Main.class);
    }
}
