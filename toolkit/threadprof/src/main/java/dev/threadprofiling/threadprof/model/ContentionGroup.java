package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waits of a block, mutex or pinned profile that differ only in the other thread (the previous owner
 * or the notifier): one group, the other threads listed. A pinning's reason (Java 24+) is part of the group,
 * as its stack is. {@code debug=1} prints these groups, the web view draws them.
 *
 * <pre>{@code
 * for (ContentionGroup group : ContentionGroup.of(profile.samples())) { group.delayNanos(); group.others(); }
 * }</pre>
 */
public final class ContentionGroup {

    private final List<StackFrame> frames;
    private final String event;
    private final String lockClass;
    private final String otherThreadLabel;
    private final String reason;
    private final Set<String> otherThreads = new LinkedHashSet<>();
    private long count;
    private long delayNanos;

    private ContentionGroup(ContentionSample first) {
        this.frames = first.frames();
        this.event = first.event();
        this.lockClass = first.lockClass();
        this.otherThreadLabel = first.otherThreadLabel();
        this.reason = first.reason();
    }

    /** The groups of {@code samples}, largest delay first (then most contentions). */
    public static List<ContentionGroup> of(List<ContentionSample> samples) {
        Map<List<Object>, ContentionGroup> groups = new LinkedHashMap<>();
        for (ContentionSample sample : samples) {
            List<Object> key = Arrays.asList(sample.frames(), sample.event(), sample.lockClass(), sample.reason());
            groups.computeIfAbsent(key, k -> new ContentionGroup(sample)).add(sample);
        }
        List<ContentionGroup> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong(ContentionGroup::delayNanos).reversed()
                .thenComparing(Comparator.comparingLong(ContentionGroup::count).reversed()));
        return sorted;
    }

    private void add(ContentionSample sample) {
        count += sample.count();
        delayNanos += sample.delayNanos();
        if (sample.otherThread() != null) {
            otherThreads.add(sample.otherThread());
        }
    }

    /** Innermost first. */
    public List<StackFrame> frames() {
        return frames;
    }

    public String event() {
        return event;
    }

    /** The lock's class, or {@code null}. */
    public String lockClass() {
        return lockClass;
    }

    /** The pinning's reason (Java 24+), or {@code null}. */
    public String reason() {
        return reason;
    }

    public long count() {
        return count;
    }

    public long delayNanos() {
        return delayNanos;
    }

    /**
     * The other threads as {@code debug=1} prints them ({@code owner=http-* (http-3, http-7, … 5 more)},
     * {@code notifier=…}) and the pinning's reason ({@code reason="…"}); {@code null} for neither.
     */
    public String others() {
        List<String> parts = new ArrayList<>(2);
        if (!otherThreads.isEmpty()) {
            parts.add(otherThreadLabel + "=" + ThreadNames.summary(new ArrayList<>(otherThreads)));
        }
        if (reason != null) {
            parts.add("reason=\"" + reason + "\"");
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }
}
