package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A block, mutex or pinned profile as {@code debug=1} text: the waits grouped by stack, largest delay first.
 *
 * <pre>{@code
 * String text = ContentionText.render(recorder.cumulative(ContentionKind.BLOCK));
 * }</pre>
 *
 * <p>Output:
 * <pre>
 * --- block profile: 52 contentions, 4.321 s delay in 12.3 s since recording began (threshold 10 ms)
 * 4321000000 52 @ jdk.JavaMonitorEnter lock=dev.shop.PriceList owner=http-* (http-3, http-7, … 5 more)
 * #	dev.shop.PriceList.quote(PriceList.java:31)
 * #	...
 * </pre>
 * Each group is {@code <delay ns> <count> @ <JFR event> lock=<class>} with, where JFR knows it,
 * {@code owner=} (the threads that held the monitor before), {@code notifier=} or, for a pinned virtual
 * thread on Java 24+, {@code reason="VM call to Foo.<clinit> on stack"}, then one
 * {@code #<tab>frame} line per frame and a blank line: Go's {@code debug=1} with the delay first.
 */
public final class ContentionText {

    private ContentionText() {
    }

    public static String render(ContentionProfile profile) {
        StringBuilder out = new StringBuilder(256 + 2048 * profile.samples().size());
        out.append("--- ").append(profile.summary()).append('\n');
        for (Group group : groups(profile.samples())) {
            out.append(group.delayNanos).append(' ').append(group.count).append(" @ ").append(group.event);
            if (group.lockClass != null) {
                out.append(" lock=").append(group.lockClass);
            }
            if (!group.otherThreads.isEmpty()) {
                out.append(' ').append(group.otherThreadLabel).append('=')
                        .append(ThreadNames.summary(new ArrayList<>(group.otherThreads)));
            }
            if (group.reason != null) {
                out.append(" reason=\"").append(group.reason).append('"');
            }
            out.append('\n');
            for (StackFrame frame : group.frames) {
                out.append("#\t").append(frame).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Samples that differ only in the other thread: one group, the other threads listed. */
    private static List<Group> groups(List<ContentionSample> samples) {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (ContentionSample sample : samples) {
            List<Object> key = java.util.Arrays.asList(sample.frames(), sample.event(), sample.lockClass(), sample.reason());
            groups.computeIfAbsent(key, k -> new Group(sample)).add(sample);
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> Long.compare(b.delayNanos, a.delayNanos));
        return sorted;
    }

    private static final class Group {
        final List<StackFrame> frames;
        final String event;
        final String lockClass;
        final String otherThreadLabel;
        final String reason;
        final Set<String> otherThreads = new LinkedHashSet<>();
        long count;
        long delayNanos;

        Group(ContentionSample first) {
            this.frames = first.frames();
            this.event = first.event();
            this.lockClass = first.lockClass();
            this.otherThreadLabel = first.otherThreadLabel();
            this.reason = first.reason();
        }

        void add(ContentionSample sample) {
            count += sample.count();
            delayNanos += sample.delayNanos();
            if (sample.otherThread() != null) {
                otherThreads.add(Objects.requireNonNull(sample.otherThread()));
            }
        }
    }
}
