package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.ThreadStartTracker;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Under parallel execution, decides whether a new thread belongs to a test: it does when the chain of
 * parent threads recorded by JFR leads to one of the test's threads before it leads to any thread
 * that was already alive when the test began.
 */
final class Attribution {

    enum Verdict {
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

    Attribution(Set<Long> testThreadIds, ThreadSnapshot baseline, ThreadStartTracker tracker) {
        this.testThreadIds = Set.copyOf(testThreadIds);
        this.baseline = baseline;
        this.tracker = tracker;
    }

    Verdict of(long threadId) {
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
            if (baseline.contains(parentId)) {
                return Verdict.ANOTHER_OWNER;
            }
            id = parentId;
        }
        return Verdict.UNKNOWN;
    }
}
