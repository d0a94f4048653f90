package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.Optional;

/**
 * Answers "where was this thread started?". {@link ThreadStartTracker} answers from JFR's
 * {@code jdk.ThreadStart} events; {@link #NONE} knows nothing.
 */
public interface CreationLookup {

    /** Knows nothing: every thread is {@link ThreadSample.Origin#NOT_TRACKED}. */
    CreationLookup NONE = new CreationLookup() {
        @Override
        public Optional<CreationSite> creationOf(long threadId) {
            return Optional.empty();
        }

        @Override
        public boolean tracking() {
            return false;
        }
    };

    /** The recorded creation site of a live thread, if its start was seen. */
    Optional<CreationSite> creationOf(long threadId);

    /** Whether threads are being tracked (so a miss means "started before recording"). */
    boolean tracking();

    /**
     * For a thread whose origin is {@link ThreadSample.Origin#NOT_YET_RECORDED}: how long ago it
     * was first seen alive without a recorded start (a lower bound of its age); otherwise -1.
     */
    default long unrecordedForMillis(long threadId) {
        return -1;
    }

    /** The origin a thread with this id gets: recorded, started before recording, or not tracked. */
    default ThreadSample.Origin originOf(long threadId) {
        if (!tracking()) {
            return ThreadSample.Origin.NOT_TRACKED;
        }
        return creationOf(threadId).isPresent() ? ThreadSample.Origin.RECORDED : ThreadSample.Origin.BEFORE_RECORDING;
    }
}
