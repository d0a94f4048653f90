package dev.threadprofiling.threadprof.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Threads that share one state and one stack: a line of pprof's {@code debug=1}, such as
 * {@code 1200 @ WAITING worker-*-*}. Made by {@link ThreadGrouping#group(ThreadProfile)}.
 *
 * <pre>{@code
 * StackGroup largest = ThreadGrouping.group(profile).get(0);
 * System.out.println(largest.count() + " @ " + largest.state() + " " + largest.nameSummary());
 * }</pre>
 *
 * @param state   the threads' {@link Thread.State} name
 * @param virtual whether they are virtual threads
 * @param frames  their common stack, innermost first
 * @param threads the threads, in profile order
 */
public record StackGroup(String state, boolean virtual, List<StackFrame> frames, List<ThreadSample> threads) {

    public StackGroup {
        frames = List.copyOf(frames);
        threads = List.copyOf(threads);
    }

    /** The innermost application frame of the stack ({@link ApplicationFrames}), or {@code null} when it has none. */
    public StackFrame firstApplicationFrame() {
        return ApplicationFrames.first(frames);
    }

    /** How many threads share this stack. */
    public int count() {
        return threads.size();
    }

    public List<String> threadNames() {
        return threads.stream().map(ThreadSample::name).collect(Collectors.toUnmodifiableList());
    }

    public List<Long> threadIds() {
        return threads.stream().map(ThreadSample::id).collect(Collectors.toUnmodifiableList());
    }

    /** e.g. {@code worker-*-* (worker-1-1, worker-1-2, … 1198 more)}; see {@link ThreadNames#summary}. */
    public String nameSummary() {
        return ThreadNames.summary(threadNames());
    }

    /** The frames one per line, without module prefixes: the text groups are sorted by. */
    public String stackText() {
        return frames.stream().map(FrameText::plain).collect(Collectors.joining("\n"));
    }
}
