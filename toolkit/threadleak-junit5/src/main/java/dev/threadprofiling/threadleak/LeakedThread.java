package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.Objects;

/**
 * A thread that was alive after the budget, was not in the baseline and matched no ignore.
 *
 * @param thread the thread as captured when the check gave up, with "created by" when known
 */
public record LeakedThread(ThreadSample thread) {

    public LeakedThread {
        Objects.requireNonNull(thread, "thread");
    }

    public long id() {
        return thread.id();
    }

    public String name() {
        return thread.name();
    }

    /** Where it was started, or {@code null} when that is not known (see {@link ThreadSample#origin()}). */
    public CreationSite createdBy() {
        return thread.createdBy();
    }

    /** The first application or test frame of the creation stack, library pool frames skipped: the line to fix. */
    public StackFrame createdAt() {
        return thread.createdBy() == null ? null : thread.createdBy().caller();
    }

    /** The block the failure message shows for this thread. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        LeakReport.appendThread(text, thread);
        return text.toString();
    }
}
