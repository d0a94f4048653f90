package dev.threadprofiling.threadprof.model;

import java.util.List;
import java.util.Objects;

/**
 * One thread at the moment of capture.
 *
 * @param id        {@code Thread.threadId()} ({@code getId()} on Java 17)
 * @param name      thread name
 * @param state     {@link Thread.State} name: {@code RUNNABLE}, {@code BLOCKED}, {@code WAITING},
 *                  {@code TIMED_WAITING}, {@code NEW} or {@code TERMINATED}
 * @param daemon    daemon flag (virtual threads are always daemon)
 * @param virtual   {@code true} for a virtual thread (Java 21+)
 * @param frames    stack, innermost first
 * @param waitingOn what it waits on, or {@code null}
 * @param createdBy where it was started, or {@code null} (see {@code origin})
 * @param origin    how much is known about where it was started
 * @param unrecordedForMillis for {@link Origin#NOT_YET_RECORDED}: how long ago the thread was first
 *                  seen alive without a recorded start (at least its age, in ms); otherwise -1
 */
public record ThreadSample(
        long id,
        String name,
        String state,
        boolean daemon,
        boolean virtual,
        List<StackFrame> frames,
        Blocker waitingOn,
        CreationSite createdBy,
        Origin origin,
        long unrecordedForMillis) {

    /** Whether "created by" is known, and if not, why. */
    public enum Origin {
        /** {@code createdBy} holds the starting stack, recorded by JFR's {@code jdk.ThreadStart}. */
        RECORDED,
        /** The thread was started before recording began (JVM threads, the main thread, early pools). */
        BEFORE_RECORDING,
        /** No recording was running, so nothing is known. */
        NOT_TRACKED,
        /**
         * Started while recording, but its {@code jdk.ThreadStart} event has not been handled: it
         * was started less than a flush ago, or it was attached from native code (no start event).
         */
        NOT_YET_RECORDED
    }

    /** A thread whose origin is not {@link Origin#NOT_YET_RECORDED}. */
    public ThreadSample(long id, String name, String state, boolean daemon, boolean virtual, List<StackFrame> frames,
            Blocker waitingOn, CreationSite createdBy, Origin origin) {
        this(id, name, state, daemon, virtual, frames, waitingOn, createdBy, origin, -1);
    }

    public ThreadSample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        frames = List.copyOf(frames);
        Objects.requireNonNull(origin, "origin");
    }

    /** This thread with "created by" filled in. */
    public ThreadSample withCreatedBy(CreationSite site, Origin how) {
        return new ThreadSample(id, name, state, daemon, virtual, frames, waitingOn, site, how);
    }

    /** The innermost frame, or {@code null} for a thread with no Java frames. */
    public StackFrame topFrame() {
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** The innermost application frame ({@link ApplicationFrames}), or {@code null} when every frame is the JDK's or a library's. */
    public StackFrame firstApplicationFrame() {
        return ApplicationFrames.first(frames);
    }
}
