package dev.threadprofiling.threadleak;

import static dev.threadprofiling.threadleak.ThreadLeakOptions.since;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.timeout;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "created by" names the code that made the pool, beside the raw top frame, and no file JFR did not give. */
class CreatorLineTest {

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();
    }

    @Test
    void aPoolThreadIsCreatedByTheCodeThatMadeThePoolWithThePoolsFrameBesideIt() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        PoolOwner.startPool();

        String message = assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(since(before), timeout(Duration.ofMillis(200)))).getMessage();

        // PoolOwner is a second top-level class of this file: javac records CreatorLineTest.java for it.
        assertTrue(message.contains("1 thread \"pool-") && message.contains("created by "
                + PoolOwner.class.getName() + ".startPool(CreatorLineTest.java:"), message);
        // The raw innermost frame: ThreadPoolExecutor.addWorker on Java 17, the JDK's thread-container start on 21+.
        assertTrue(Pattern.compile("\\.startPool\\(CreatorLineTest\\.java:\\d+\\) \\(top frame java\\.").matcher(message).find(),
                message);
        assertFalse(message.contains("PoolOwner.java"), message);
    }
}

/** Makes a pool and never shuts it down. */
final class PoolOwner {

    private PoolOwner() {
    }

    static void startPool() {
        ExecutorService pool = Leftovers.keep(Executors.newSingleThreadExecutor());
        pool.submit(() -> VerifyNoThreadLeaksTest.sleep(60_000));
    }
}
