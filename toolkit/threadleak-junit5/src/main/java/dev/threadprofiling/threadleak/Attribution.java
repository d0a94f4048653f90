package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Under parallel execution, decides whether a new thread belongs to a test: it does when the chain of
 * parent threads recorded by JFR leads to one of the test's threads before it leads to any thread
 * that was already alive when the test began.
 */
public final class Attribution {

    public enum Verdict {
        /** Started by the test, directly or through threads it started. */
        THIS_TEST,
        /** Started by a thread that was alive before the test and is not the test's: another test's. */
        ANOTHER_OWNER,
        /** The chain of parents is not known (not recorded yet, or through a thread long gone). */
        UNKNOWN
    }

    private static final int MAX_CHAIN = 256;

    private final Set<Long> testThreadIds;
    private final ThreadSnapshot baseline;
    private final ThreadStartTracker tracker;
    private final Set<Long> otherTestThreadIds;

    /**
     * @param testThreadIds      the threads the test ran on
     * @param baseline           the threads alive when it began
     * @param tracker            where parent links come from
     * @param allTestThreadIds   every thread that has run a test: a chain reaching one of them that is
     *                           not the test's own belongs to another test (pool threads that run
     *                           tests are started by whichever thread needed them, so a chain must
     *                           stop there)
     */
    public Attribution(Set<Long> testThreadIds, ThreadSnapshot baseline, ThreadStartTracker tracker,
            Set<Long> allTestThreadIds) {
        this.testThreadIds = Set.copyOf(testThreadIds);
        this.baseline = baseline;
        this.tracker = tracker;
        this.otherTestThreadIds = allTestThreadIds;
    }

    public Verdict of(long threadId) {
        long id = threadId;
        for (int step = 0; step < MAX_CHAIN; step++) {
            OptionalLong parent = tracker.parentIdOf(id);
            if (parent.isEmpty()) {
                return Verdict.UNKNOWN;
            }
            long parentId = parent.getAsLong();
            if (testThreadIds.contains(parentId)) {
                return Verdict.THIS_TEST;
            }
            if (baseline.contains(parentId) || otherTestThreadIds.contains(parentId)) {
                return Verdict.ANOTHER_OWNER;
            }
            id = parentId;
        }
        return Verdict.UNKNOWN;
    }
}
