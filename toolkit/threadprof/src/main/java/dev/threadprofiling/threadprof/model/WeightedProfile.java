package dev.threadprofiling.threadprof.model;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Weighted stacks: the one shape every profile takes on its way to pprof (Go's {@code Profile}).
 * A source fills it, {@code PprofFormat} encodes it; a new profile is a new source, never a new
 * writer.
 *
 * <pre>{@code
 * WeightedProfile threads = WeightedProfile.threadCounts(ThreadCapture.create().capture());
 * // sample types [threads/count]; one sample per state, virtual flag and stack
 * WeightedProfile block = contentionProfile.weighted();
 * // sample types [contentions/count, delay/nanoseconds]; labels lock, owner, event
 * }</pre>
 *
 * @param sampleTypes   what each value of a sample counts, e.g. {@code contentions/count}
 * @param samples       the stacks with one value per sample type and string labels
 * @param periodType    the unit of {@code period}
 * @param period        how often a sample was taken in {@code periodType} units (1 when every
 *                      event counts)
 * @param time          when the profile was taken (its end), or {@code null}
 * @param durationNanos the time the profile covers; 0 for a moment (a thread profile)
 * @param comments      free text {@code go tool pprof -comments} prints
 */
public record WeightedProfile(List<ValueType> sampleTypes, List<Sample> samples, ValueType periodType, long period,
        Instant time, long durationNanos, List<String> comments) {

    public WeightedProfile {
        sampleTypes = List.copyOf(sampleTypes);
        samples = List.copyOf(samples);
        Objects.requireNonNull(periodType, "periodType");
        comments = List.copyOf(comments);
        if (sampleTypes.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one sample type");
        }
        for (Sample sample : samples) {
            if (sample.values().size() != sampleTypes.size()) {
                throw new IllegalArgumentException("a sample has " + sample.values().size() + " values for "
                        + sampleTypes.size() + " sample types");
            }
        }
    }

    /** pprof's {@code ValueType}: {@code threads/count}, {@code delay/nanoseconds}. */
    public record ValueType(String type, String unit) {
        public ValueType {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /**
     * One stack and its weights.
     *
     * @param frames innermost first
     * @param values one per sample type, in the profile's order
     * @param labels string labels, in the order they are written ({@code -tagfocus} filters on them)
     */
    public record Sample(List<StackFrame> frames, List<Long> values, Map<String, String> labels) {
        public Sample {
            frames = List.copyOf(frames);
            values = List.copyOf(values);
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    public static final ValueType THREADS_COUNT = new ValueType("threads", "count");

    /**
     * Labels whose values are numbers, written as pprof numeric labels: {@code go tool pprof} reads
     * {@code -tagfocus=deadlock=1} as a numeric range and matches no string label with it.
     */
    public static final java.util.Set<String> NUMERIC_LABELS = java.util.Set.of("deadlock");

    /**
     * A thread profile as weighted stacks: threads with the same state, virtual flag and stack
     * become one sample whose value is their count, labelled {@code state} and {@code virtual}. A
     * thread in a deadlock is a sample of its own, also labelled {@code deadlock} (the cycle's number,
     * from 1), {@code waits_for} (the holder's name) and {@code lock}, so that
     * {@code go tool pprof -tagfocus=deadlock=1} selects the first cycle.
     */
    public static WeightedProfile threadCounts(ThreadProfile profile) {
        Map<GroupKey, long[]> groups = new LinkedHashMap<>();
        for (ThreadSample thread : profile.threads()) {
            groups.computeIfAbsent(new GroupKey(thread, deadlockLabels(profile, thread.id())), key -> new long[1])[0]++;
        }
        List<Sample> samples = new ArrayList<>(groups.size());
        for (Map.Entry<GroupKey, long[]> group : groups.entrySet()) {
            GroupKey key = group.getKey();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("state", key.state);
            labels.put("virtual", String.valueOf(key.virtual));
            labels.putAll(key.deadlock);
            samples.add(new Sample(key.frames, List.of(group.getValue()[0]), labels));
        }
        return new WeightedProfile(List.of(THREADS_COUNT), samples, THREADS_COUNT, 1, profile.capturedAt(), 0,
                List.of(threadsComment(profile)));
    }

    /** {@code deadlock}, {@code waits_for} and {@code lock} of a thread in a cycle; empty for any other. */
    private static Map<String, String> deadlockLabels(ThreadProfile profile, long id) {
        List<Deadlock> deadlocks = profile.deadlocks();
        for (int i = 0; i < deadlocks.size(); i++) {
            Deadlock.Edge edge = deadlocks.get(i).edgeOf(id);
            if (edge != null) {
                return Map.of("deadlock", String.valueOf(i + 1), "waits_for", edge.holderName(),
                        "lock", edge.lock().describe());
            }
        }
        return Map.of();
    }

    /** {@code threadprof: 6 threads, pid 4242, dev.Main, java 17.0.15, in-process}. */
    private static String threadsComment(ThreadProfile profile) {
        StringBuilder text = new StringBuilder("threadprof: ").append(profile.total()).append(" threads");
        ThreadProfile.ProcessInfo process = profile.process();
        if (process == null) {
            return text.toString();
        }
        if (process.pid() >= 0) {
            text.append(", pid ").append(process.pid());
        }
        if (process.mainClass() != null) {
            text.append(", ").append(process.mainClass());
        }
        if (process.javaVersion() != null) {
            text.append(", java ").append(process.javaVersion());
        }
        if (process.source() != null) {
            text.append(", ").append(process.source());
        }
        return text.toString();
    }

    /** Threads with the same state, virtual flag, stack and deadlock labels: one sample. */
    private static final class GroupKey {
        final String state;
        final boolean virtual;
        final List<StackFrame> frames;
        final Map<String, String> deadlock;
        private final int hash;

        GroupKey(ThreadSample thread, Map<String, String> deadlock) {
            this.state = thread.state();
            this.virtual = thread.virtual();
            this.frames = thread.frames();
            this.deadlock = new java.util.TreeMap<>(deadlock);
            this.hash = ((state.hashCode() * 31 + Boolean.hashCode(virtual)) * 31 + frames.hashCode()) * 31 + deadlock.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey key && key.hash == hash && key.virtual == virtual
                    && key.state.equals(state) && key.frames.equals(frames) && key.deadlock.equals(deadlock);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
