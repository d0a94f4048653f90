package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.ThreadLeakError;
import java.util.ArrayList;
import java.util.List;

/**
 * The one holder of the run-wide mode's state. The listeners write it ({@link ThreadLeakListener}
 * each test plan, {@link ThreadLeakSessionListener} the launcher session around them); the
 * extension ({@link ThreadLeakRunExtension}) only reads it.
 *
 * <p>A session may run several test plans: Surefire runs the failing tests again in new plans of
 * the same session ({@code rerunFailingTestsCount}), and runs one plan per class when it hands
 * classes to a fork one by one. The session keeps every plan's findings, so the report covers them
 * all and a leak of the first attempt cannot pass as a flake.
 */
final class RunState {

    private static volatile ThreadLeakListener.Run current;
    private static Session session = new Session();

    /** What the plans of one launcher session found. */
    static final class Session {
        final List<Suspect> suspects = new ArrayList<>();
        /** The leak failures of tests and classes (fail mode), as JUnit reported them. */
        final List<ThreadLeakError> failures = new ArrayList<>();
        /** Leaks no class failure could report (fail mode): the session fails with them. */
        final List<Suspect> unreported = new ArrayList<>();
        int plans;
        /** The time the plans' ends spent waiting for suspects still in their grace period. */
        long endWaitNanos;
        RunSettings settings = RunSettings.OFF;
        boolean open;
        String summary;
    }

    private RunState() {
    }

    /** The test plan in progress in this JVM, or {@code null}. */
    static ThreadLeakListener.Run current() {
        return current;
    }

    static synchronized void sessionOpened() {
        session = new Session();
        session.open = true;
    }

    /** The session's findings; the holder starts afresh. */
    static synchronized Session sessionClosed() {
        Session closed = session;
        session = new Session();
        return closed;
    }

    static void planStarted(ThreadLeakListener.Run run) {
        current = run;
    }

    /**
     * A plan ended: its suspects join the session's (a rerun adds to the first attempt's findings, it
     * never replaces them). Returns everything the session found so far, for the report.
     */
    static synchronized Session planFinished(ThreadLeakListener.Run run, List<Suspect> suspects, List<Suspect> unreported,
            long endWaitNanos) {
        current = null;
        session.plans++;
        session.endWaitNanos += endWaitNanos;
        session.settings = run.settings();
        session.suspects.addAll(suspects);
        session.unreported.addAll(unreported);
        return session;
    }

    /** A test or class failed with this leak error. */
    static synchronized void failedWith(ThreadLeakError failure) {
        session.failures.add(failure);
    }

    /** The summary to print when the session closes (the last plan's, over every plan). */
    static synchronized void summary(String text) {
        session.summary = text;
    }

    static synchronized boolean sessionOpen() {
        return session.open;
    }
}
