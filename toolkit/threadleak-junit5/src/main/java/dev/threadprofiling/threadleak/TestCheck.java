package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The check of one test (or class), the one both modes run: {@link VerifyNoThreadLeaks} after each
 * test, and {@code threadleak.verdict=wait} of the run-wide mode. It also keeps what every check of
 * the JVM shares: the threads that have run tests (never leaks; where parent chains stop under
 * parallel execution) and the threads a check has already failed on (so the run-wide verdict does
 * not fail them a second time). Used by this module's modes; not an API of its own.
 */
public final class TestCheck {

    private static final Set<Long> TEST_THREADS = ConcurrentHashMap.newKeySet();
    private static final Set<Long> FAILED = ConcurrentHashMap.newKeySet();

    private TestCheck() {
    }

    /** Notes that a test (or a class's callbacks) runs on this thread. */
    public static void testRunsOn(long threadId) {
        TEST_THREADS.add(threadId);
    }

    /** Every thread that has run a test in this JVM. */
    public static Set<Long> testThreads() {
        return TEST_THREADS;
    }

    /** Whether a per-test check has already failed on this thread. */
    public static boolean failedAlready(long threadId) {
        return FAILED.contains(threadId);
    }

    /**
     * Checks the threads new since {@code options.baseline()} and throws {@link ThreadLeakError} when
     * some leaked.
     *
     * @param subject    {@code test name()} or {@code class Name}, the message's first words
     * @param testClass  the test class, for the "created by" line (see {@link Creators})
     * @param ownThreads under parallel execution the threads the test ran on (a new thread counts
     *                   only if it was started from one of them); {@code null} when tests run one at a time
     * @param note       receives the note on threads not attributed to this test, when nothing else leaked
     */
    public static void verify(String subject, String testClass, ThreadLeakOptions options, Set<Long> ownThreads,
            Consumer<String> note) {
        Attribution attribution = ownThreads == null ? null
                : new Attribution(ownThreads, options.baseline(), ThreadStartTracker.shared(), TEST_THREADS);
        ThreadLeaks.Result result = ThreadLeaks.check(options, attribution);
        if (result.leaks().isEmpty() && !result.unattributed().isEmpty()) {
            note.accept(LeakReport.unattributedNote(result.unattributed()));
        }
        for (LeakedThread leak : result.leaks()) {
            FAILED.add(leak.id());
        }
        ThreadLeakError error = result.errorOf(subject, testClass, options);
        if (error != null) {
            throw error;
        }
    }
}
