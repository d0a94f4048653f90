package dev.threadprofiling.threadleak;

import java.util.List;

/** Threads were still alive after the budget: the test (or run) leaked them. */
public class ThreadLeakError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient List<LeakedThread> leaks;

    public ThreadLeakError(String message, List<LeakedThread> leaks) {
        super(message);
        this.leaks = List.copyOf(leaks);
    }

    /** The leaked threads, as they were when the check gave up. */
    public List<LeakedThread> leaks() {
        return leaks;
    }
}
