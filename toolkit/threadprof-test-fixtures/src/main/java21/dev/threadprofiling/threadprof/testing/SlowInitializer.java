package dev.threadprofiling.threadprof.testing;

/**
 * A class whose static initializer blocks: a virtual thread that initialises it pins its carrier
 * until the initializer returns, on Java 21 and on 24+ alike (JEP 491 left class initialization
 * pinned). {@link VirtualThreadPinning} loads a copy of its own for each thread.
 */
public final class SlowInitializer {

    static {
        try {
            Thread.sleep(VirtualThreadPinning.initializerSleep()); // pins: class-initializer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SlowInitializer() {
    }
}
