package io.javalin.jetty;

import dev.threadprofiling.threadleak.Fixture;
import dev.threadprofiling.threadleak.Leftovers;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaks;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaksTest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A framework's own tests: they live in the framework's package ({@code io.javalin}, library code to
 * threadprof's {@code ApplicationFrames}), and start threads through a library pool. The creator
 * must still be their module's line, not {@code ThreadPoolExecutor.addWorker}; and the two leaking
 * tests get a line each.
 */
@Fixture
@VerifyNoThreadLeaks(timeoutMillis = 200)
@TestMethodOrder(MethodOrderer.MethodName.class)
public class FrameworkOwnTests {

    @Test
    void a_leaksAPool() {
        startPool("a");
    }

    @Test
    void b_leaksAPoolToo() {
        startPool("b");
    }

    @Test
    void c_shutsItsPoolDown() throws InterruptedException {
        ExecutorService pool = startPool("c");
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the pool did not end");
        }
    }

    /** The framework's own helper: code of the test class's module, in a library package. */
    static ExecutorService startPool(String test) {
        ExecutorService pool = Leftovers.keep(Executors.newSingleThreadExecutor(r -> new Thread(r, "framework-" + test)));
        pool.submit(() -> VerifyNoThreadLeaksTest.sleep(60_000));
        return pool;
    }
}
