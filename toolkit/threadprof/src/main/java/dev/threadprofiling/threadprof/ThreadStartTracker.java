package dev.threadprofiling.threadprof;

import java.time.Duration;
import java.util.Optional;

/**
 * Records where each thread was started, from JFR's {@code jdk.ThreadStart} events (the stack of
 * the code that called {@code Thread.start()} and its parent thread).
 *
 * <pre>{@code
 * ThreadStartTracker tracker = ThreadStartTracker.shared();   // started once per JVM
 * ThreadProfile profile = ThreadCapture.withCreatedBy(tracker).capture();
 * }</pre>
 */
public final class ThreadStartTracker implements CreationLookup, AutoCloseable {

    // Placeholder API: the JFR-backed implementation replaces this body.

    private ThreadStartTracker() {
    }

    /** The JVM-wide tracker, started on first use. */
    public static synchronized ThreadStartTracker shared() {
        return new ThreadStartTracker();
    }

    /** A tracker of one's own; {@link #close()} stops it. */
    public static ThreadStartTracker start() {
        return new ThreadStartTracker();
    }

    @Override
    public Optional<CreationSite> creationOf(long threadId) {
        return Optional.empty();
    }

    @Override
    public boolean tracking() {
        return false;
    }

    /**
     * Waits until every thread started before this call is known (JFR delivers events in
     * batches), or the timeout passes.
     */
    public void awaitUpToDate(Duration timeout) {
    }

    @Override
    public void close() {
    }
}
