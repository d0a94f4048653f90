package dev.threadprofiling.threadleak;

import static dev.threadprofiling.threadleak.ThreadLeakOptions.since;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadprofiling.threadprof.capture.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On Java 21+ a leaked virtual thread is found too; ThreadMXBean does not list it. */
class VirtualThreadLeakTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() throws InterruptedException {
        release.countDown();
        Leftovers.release();
    }

    @Test
    void aLeakedVirtualThreadIsFound() throws ReflectiveOperationException {
        assumeTrue(Runtime.version().feature() >= 21,
                "virtual threads need Java 21+, this is Java " + Runtime.version().feature() + ": skipping");
        ThreadSnapshot before = ThreadLeaks.snapshot();
        startVirtualThread("leaky-virtual", this::awaitRelease);

        ThreadLeakError error = assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(since(before), timeout(Duration.ofMillis(200))));

        assertEquals(1, error.leaks().size(), error.getMessage());
        String message = error.getMessage();
        assertTrue(message.contains("Thread \"leaky-virtual\" #"), message);
        assertTrue(message.contains(", daemon, virtual"), message);
        assertTrue(message.contains("at " + VirtualThreadLeakTest.class.getName() + ".awaitRelease("), message);
    }

    @Test
    void onJava17VirtualThreadsAreNotListed() {
        assumeTrue(Runtime.version().feature() < 21, "Java 21+: covered by aLeakedVirtualThreadIsFound");
        assertTrue(!VirtualThreads.enabled());
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code Thread.ofVirtual().name(name).start(task)}, by reflection: this module builds for Java 17. */
    private static void startVirtualThread(String name, Runnable task) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class).invoke(builder, name);
        Leftovers.keep((Thread) builderType.getMethod("start", Runnable.class).invoke(builder, task));
    }
}
