package dev.threadprofiling.threadleak;

import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignore;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignoreAnyFunction;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignoreCreatedBy;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignoreNamePrefix;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignoreTopFunction;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.since;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API without the extension: find, verifyNone, snapshot and each option. */
class ThreadLeaksTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private volatile boolean released;

    @AfterEach
    void release() throws InterruptedException {
        released = true;
        Leftovers.release();
    }

    static Stream<Arguments> ignores() {
        String here = ThreadLeaksTest.class.getName();
        return Stream.of(
                Arguments.of("ignoreTopFunction", ignoreTopFunction("jdk.internal.misc.Unsafe.park")),
                Arguments.of("ignoreAnyFunction", ignoreAnyFunction(here + ".parkUntilReleased")),
                Arguments.of("ignoreCreatedBy", ignoreCreatedBy(here + ".startParkedThread")),
                Arguments.of("ignoreNamePrefix", ignoreNamePrefix("parked-")),
                Arguments.of("ignore(predicate)", ignore(t -> t.name().equals("parked-by-test"))));
    }

    @ParameterizedTest(name = "{0} lets its thread pass")
    @MethodSource("ignores")
    void eachIgnoreOptionLetsItsThreadPass(String name, ThreadLeakOption option) {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        startParkedThread("parked-by-test");

        ThreadLeaks.verifyNone(since(before), timeout(SHORT), option);

        // Without the option the same thread is a leak: the option is what let it pass.
        List<LeakedThread> leaks = ThreadLeaks.find(since(before), timeout(SHORT));
        assertEquals(List.of("parked-by-test"), leaks.stream().map(LeakedThread::name).toList());
        assertEquals("startParkedThread", leaks.get(0).createdAt().methodName());
    }

    @Test
    void verifyNoneThrowsAThreadLeakErrorNamingTheThread() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        startParkedThread("parked-for-verify");

        ThreadLeakError error = assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(since(before), timeout(SHORT)));

        assertTrue(error.getMessage().startsWith(LeakReport.HEADER), error.getMessage());
        assertTrue(error.getMessage().contains("Thread \"parked-for-verify\""), error.getMessage());
        assertTrue(error.getMessage().contains("at " + ThreadLeaksTest.class.getName() + ".parkUntilReleased("),
                error.getMessage());
        assertEquals(1, error.leaks().size());
    }

    @Test
    void aSnapshotTakenAfterTheThreadStartedDoesNotCountIt() {
        startParkedThread("parked-before-snapshot");
        ThreadSnapshot after = ThreadLeaks.snapshot();

        assertEquals(List.of(), ThreadLeaks.find(since(after), timeout(SHORT)));
    }

    @Test
    void theDefaultBaselineIsTakenWhenThreadLeaksIsFirstUsed() {
        ThreadSnapshot baseline = ThreadLeaks.defaultBaseline();
        startParkedThread("parked-after-default-baseline");

        List<LeakedThread> leaks = ThreadLeaks.find(timeout(SHORT));

        assertTrue(leaks.stream().anyMatch(l -> l.name().equals("parked-after-default-baseline")), leaks::toString);
        assertTrue(baseline.contains(Thread.currentThread().getId()));
    }

    @Test
    void aThreadThatEndsWithinTheBudgetIsNoLeak() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        new Thread(() -> VerifyNoThreadLeaksTest.sleep(50), "ends-soon").start();

        ThreadLeaks.verifyNone(since(before), timeout(Duration.ofSeconds(5)));
    }

    @Test
    void optionsAreImmutableValues() {
        ThreadLeakOptions defaults = ThreadLeakOptions.defaults();
        ThreadLeakOptions longer = defaults.withTimeout(Duration.ofSeconds(3));

        assertEquals(ThreadLeakOptions.DEFAULT_TIMEOUT, defaults.budget());
        assertEquals(Duration.ofSeconds(3), longer.budget());
        assertEquals(List.of("name prefix x-"), ThreadLeakOptions.of(ignoreNamePrefix("x-")).ignoreDescriptions());
        assertEquals(List.of(), defaults.ignoreDescriptions());
        assertFalse(defaults.interruptsLeaked());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ignoreTopFunction("park"));
        assertTrue(bad.getMessage().contains("package.Class.method"), bad.getMessage());
    }

    private void startParkedThread(String name) {
        Leftovers.keep(new Thread(this::parkUntilReleased, name)).start();
    }

    private void parkUntilReleased() {
        while (!released && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(this);
        }
    }
}
