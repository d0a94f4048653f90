package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a profile's threads by identical state and stack, largest group first, as pprof's
 * {@code debug=1} does. Frames are compared with {@link StackFrame#equals}, so lambda and
 * hidden-class frames (already normalised by {@link Frames}) group across runs.
 *
 * <pre>{@code
 * for (StackGroup group : ThreadGrouping.group(ThreadCapture.create().capture())) {
 *     System.out.println(group.count() + " @ " + group.state() + " " + group.nameSummary());
 * }
 * }</pre>
 *
 * <p>Order: count descending, then stack text, then state, then platform before virtual, so the
 * output is the same for the same threads.
 */
public final class ThreadGrouping {

    private static final Comparator<StackGroup> LARGEST_FIRST = Comparator
            .comparingInt(StackGroup::count).reversed()
            .thenComparing(StackGroup::stackText)
            .thenComparing(StackGroup::state)
            .thenComparing(StackGroup::virtual);

    private ThreadGrouping() {
    }

    public static List<StackGroup> group(ThreadProfile profile) {
        Map<Key, List<ThreadSample>> byStack = new LinkedHashMap<>();
        for (ThreadSample thread : profile.threads()) {
            byStack.computeIfAbsent(new Key(thread.state(), thread.virtual(), thread.frames()), key -> new ArrayList<>())
                    .add(thread);
        }
        List<StackGroup> groups = new ArrayList<>(byStack.size());
        byStack.forEach((key, threads) -> groups.add(new StackGroup(key.state, key.virtual, key.frames, threads)));
        groups.sort(LARGEST_FIRST);
        return groups;
    }

    private record Key(String state, boolean virtual, List<StackFrame> frames) {
    }
}
