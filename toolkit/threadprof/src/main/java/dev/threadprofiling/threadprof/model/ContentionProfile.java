package dev.threadprofiling.threadprof.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where threads waited and for how long, over a window: what {@code /debug/block} and
 * {@code /debug/mutex} serve (Go's block and mutex profiles), and {@code /debug/pinned} (where
 * virtual threads blocked while pinned to their carrier).
 *
 * <pre>{@code
 * ContentionProfile block = recorder.cumulative(ContentionKind.BLOCK);
 * block.totalDelayNanos();                         // every recorded wait, summed
 * PprofFormat.gzipped(block.weighted());           // contentions/count, delay/nanoseconds
 * }</pre>
 *
 * <p>Unlike Go's mutex profile, which charges the delay to the stack of the goroutine that
 * unlocked, each sample here is the waiting thread's stack; the thread that held a monitor rides
 * along as the {@code owner} label.
 *
 * @param kind       block, mutex or pinned
 * @param recording  whether contention was being recorded; {@code false} gives an empty profile
 * @param threshold  waits shorter than this were not recorded (JFR's event threshold)
 * @param start      the window's start: when recording began (cumulative) or the delta's start
 * @param end        the window's end
 * @param cumulative whether the window runs from the start of recording
 * @param samples    largest delay first
 * @param unavailable why this JVM cannot record the profile at all (the pinned profile before Java 21),
 *                   or {@code null}; such a profile is empty and says so instead of looking like "no waits"
 */
public record ContentionProfile(ContentionKind kind, boolean recording, Duration threshold, Instant start, Instant end,
        boolean cumulative, List<ContentionSample> samples, String unavailable) {

    /** Go's count sample type of the block and mutex profiles; {@link ContentionKind#countType()} gives each kind's. */
    public static final WeightedProfile.ValueType CONTENTIONS = ContentionKind.BLOCK.countType();
    public static final WeightedProfile.ValueType DELAY = new WeightedProfile.ValueType("delay", "nanoseconds");

    /** Largest delay first, then most waits. */
    public static final Comparator<ContentionSample> LARGEST_DELAY_FIRST =
            Comparator.comparingLong(ContentionSample::delayNanos).reversed()
                    .thenComparing(Comparator.comparingLong(ContentionSample::count).reversed());

    public ContentionProfile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        List<ContentionSample> sorted = new ArrayList<>(samples);
        sorted.sort(LARGEST_DELAY_FIRST);
        samples = List.copyOf(sorted);
    }

    /** A profile this JVM can record. */
    public ContentionProfile(ContentionKind kind, boolean recording, Duration threshold, Instant start, Instant end,
            boolean cumulative, List<ContentionSample> samples) {
        this(kind, recording, threshold, start, end, cumulative, samples, null);
    }

    /** An empty profile that says contention is not recorded. */
    public static ContentionProfile notRecording(ContentionKind kind, Instant now) {
        return new ContentionProfile(kind, false, Duration.ZERO, now, now, true, List.of());
    }

    /** An empty profile that says why this JVM cannot record it, e.g. the pinned profile on Java 17. */
    public static ContentionProfile unavailable(ContentionKind kind, Instant now, String why) {
        return new ContentionProfile(kind, false, Duration.ZERO, now, now, true, List.of(),
                Objects.requireNonNull(why, "why"));
    }

    public long totalCount() {
        long total = 0;
        for (ContentionSample sample : samples) {
            total += sample.count();
        }
        return total;
    }

    public long totalDelayNanos() {
        long total = 0;
        for (ContentionSample sample : samples) {
            total += sample.delayNanos();
        }
        return total;
    }

    public Duration window() {
        return Duration.between(start, end);
    }

    /**
     * The profile as weighted stacks for pprof: sample types {@code contentions/count} (or
     * {@code pinnings/count} for the pinned profile) and {@code delay/nanoseconds} (Go's), labels
     * {@code event}, {@code lock} and, where JFR knows it, {@code owner} (the previous owner of a
     * monitor), {@code notifier} or {@code reason} (why a virtual thread was pinned).
     */
    public WeightedProfile weighted() {
        List<WeightedProfile.Sample> weighted = new ArrayList<>(samples.size());
        for (ContentionSample sample : samples) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("event", sample.event());
            if (sample.lockClass() != null) {
                labels.put("lock", sample.lockClass());
            }
            if (sample.otherThread() != null) {
                labels.put(sample.otherThreadLabel(), sample.otherThread());
            }
            if (sample.reason() != null) {
                labels.put("reason", sample.reason());
            }
            weighted.add(new WeightedProfile.Sample(sample.frames(), List.of(sample.count(), sample.delayNanos()), labels));
        }
        return new WeightedProfile(List.of(kind.countType(), DELAY), weighted, kind.countType(), 1, end,
                window().toNanos(), List.of(summary()));
    }

    /**
     * One line: {@code block profile: 52 contentions, 4.321 s delay in 12.3 s since start (threshold 10 ms)},
     * {@code pinned profile: 8 pinnings, …}.
     */
    public String summary() {
        if (unavailable != null) {
            return kind.pathName() + " profile: not available on this JVM: " + unavailable;
        }
        if (!recording) {
            return kind.pathName() + " profile: contention is not recorded (enable it with ContentionRecorder.enable,"
                    + " the counterpart of runtime.SetBlockProfileRate / SetMutexProfileFraction)";
        }
        return String.format(java.util.Locale.ROOT, "%s profile: %d %s, %.3f s delay in %.1f s %s (threshold %s)",
                kind.pathName(), totalCount(), kind.countType().type(), totalDelayNanos() / 1e9, window().toMillis() / 1e3,
                cumulative ? "since recording began" : "window", millis(threshold));
    }

    private static String millis(Duration duration) {
        long micros = duration.toNanos() / 1_000;
        return micros % 1_000 == 0 ? micros / 1_000 + " ms" : micros / 1e3 + " ms";
    }
}
