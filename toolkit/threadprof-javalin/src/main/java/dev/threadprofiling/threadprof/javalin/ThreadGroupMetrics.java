package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The profile's largest groups as a gauge: where the threads are, on {@code /metrics}, for an alert to name.
 *
 * <pre>
 * threadprof_threads{state="WAITING",name="worker-*-*",frame="dev.threadprofiling.workerpool.TaskQueue.take",
 *                    created_by="dev.threadprofiling.workerpool.WorkerPool.start"} 1200.0
 * threadprof_threads{state="other",name="other",frame="other",created_by="other"} 46.0
 * </pre>
 *
 * <p>A group is the threads that share a state, a name shape (every digit run and every hex number of the name
 * as {@code *}, so {@code worker-12-3} is {@code worker-*-*}), an application frame (the innermost one,
 * {@link ThreadSample#firstApplicationFrame()}, the frame the JSON format's {@code appFrame} names; {@code none}
 * when every frame is the JDK's or a library's) and a creator (the application line that started them,
 * {@link CreationSite#caller()}; {@code unknown} when not recorded yet). Functions are {@code package.Class.method},
 * without line numbers, so a series lives as long as its code does.
 *
 * <p>Cardinality: at most {@code top} group series plus one {@code other} series (all labels {@code other}) that
 * counts every thread outside them; the series sum to the profile's total. Groups are ranked by count, ties by
 * their labels, so the same threads give the same series. A group that falls out of the top leaves
 * {@code /metrics} (its series goes stale in Prometheus).
 *
 * <p>{@link #refresh()} captures once; {@link ThreadDebugPlugin} calls it on each {@code /metrics} request with
 * the same capture {@code /debug/threads} uses (no thread is started for it: stacks come from
 * {@code ThreadMXBean}, "created by" from the JFR stream the plugin already runs, without waiting for it).
 */
public final class ThreadGroupMetrics {

    /** The metric's name in Micrometer ({@code threadprof_threads} in Prometheus text). */
    public static final String NAME = "threadprof.threads";
    /** The value of every label of the series that counts the threads outside the top groups. */
    public static final String OTHER = "other";
    static final String NO_FRAME = "none";
    static final String UNKNOWN_CREATOR = "unknown";
    /** An identity hash or other hex number standing alone ({@code @6c3708b3}): it changes with every run. */
    private static final Pattern HEX_WORD = Pattern.compile("(?<![A-Za-z0-9])[0-9a-fA-F]*[0-9][0-9a-fA-F]*(?![A-Za-z0-9])");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final Supplier<ThreadProfile> capture;
    private final int top;
    private MultiGauge gauge;

    /** {@code top}: how many groups get a series of their own (at least 1); the rest add up in {@code other}. */
    public ThreadGroupMetrics(Supplier<ThreadProfile> capture, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        this.capture = Objects.requireNonNull(capture, "capture");
        this.top = top;
    }

    public ThreadGroupMetrics bindTo(MeterRegistry registry) {
        gauge = MultiGauge.builder(NAME)
                .description("Threads per group of the thread profile (state, name shape, application frame, creator):"
                        + " the largest groups, plus 'other'")
                .baseUnit("threads")
                .register(registry);
        return this;
    }

    /** Captures the threads and replaces the series with the new groups (those that left the top are removed). */
    public synchronized void refresh() {
        if (gauge == null) {
            throw new IllegalStateException("bindTo(registry) first");
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>(top + 1);
        for (Group group : groups(capture.get(), top)) {
            rows.add(MultiGauge.Row.of(group.tags(), group.count()));
        }
        gauge.register(rows, true);
    }

    /** One series: its labels and how many threads it counts. */
    public record Group(String state, String name, String frame, String createdBy, int count) {

        Tags tags() {
            return Tags.of("state", state, "name", name, "frame", frame, "created_by", createdBy);
        }

        private String key() {
            return state + '\0' + name + '\0' + frame + '\0' + createdBy;
        }
    }

    /** The {@code top} largest groups of {@code profile}, largest first, then {@code other} (always, maybe 0). */
    public static List<Group> groups(ThreadProfile profile, int top) {
        Map<String, Group> byKey = new HashMap<>();
        for (ThreadSample thread : profile.threads()) {
            Group one = new Group(thread.state(), nameShape(thread.name()), frameOf(thread), creatorOf(thread), 1);
            byKey.merge(one.key(), one, (a, b) -> new Group(a.state, a.name, a.frame, a.createdBy, a.count + b.count));
        }
        List<Group> ranked = new ArrayList<>(byKey.values());
        ranked.sort(Comparator.comparingInt(Group::count).reversed().thenComparing(Group::key));
        List<Group> shown = new ArrayList<>(ranked.subList(0, Math.min(top, ranked.size())));
        int rest = 0;
        for (Group group : ranked.subList(shown.size(), ranked.size())) {
            rest += group.count;
        }
        shown.add(new Group(OTHER, OTHER, OTHER, OTHER, rest));
        return shown;
    }

    /**
     * {@code worker-12-3} becomes {@code worker-*-*} (the shape {@code debug=1} shows when the digits vary), and a
     * hex number standing alone becomes {@code *} too ({@code acceptor-0@6c3708b3} is {@code acceptor-*@*}).
     */
    static String nameShape(String threadName) {
        return DIGITS.matcher(HEX_WORD.matcher(threadName).replaceAll("*")).replaceAll("*");
    }

    private static String frameOf(ThreadSample thread) {
        StackFrame frame = thread.firstApplicationFrame();
        return frame == null ? NO_FRAME : frame.function();
    }

    private static String creatorOf(ThreadSample thread) {
        StackFrame caller = thread.createdBy() == null ? null : thread.createdBy().caller();
        return caller == null ? UNKNOWN_CREATOR : caller.function();
    }
}
