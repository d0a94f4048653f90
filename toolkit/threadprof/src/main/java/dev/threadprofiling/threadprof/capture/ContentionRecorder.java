package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Records where threads wait, from JFR, for the block and mutex profiles: {@code jdk.JavaMonitorEnter}
 * (a contended {@code synchronized}), {@code jdk.ThreadPark} (locks, queues, latches, futures) and
 * {@code jdk.JavaMonitorWait} ({@code Object.wait}), each with the waiting thread's stack; and, on
 * Java 21+, for the pinned profile: {@code jdk.VirtualThreadPinned} (a virtual thread that blocked
 * while it could not leave its carrier thread), with the virtual thread's stack.
 *
 * <pre>{@code
 * ContentionRecorder.enable(Duration.ofMillis(1));   // JVM-wide, like Go's runtime.SetBlockProfileRate
 * ContentionProfile block = ContentionRecorder.enabled().orElseThrow().cumulative(ContentionKind.BLOCK);
 * ContentionProfile lastFive = recorder.delta(ContentionKind.MUTEX, Duration.ofSeconds(5));
 * }</pre>
 *
 * <p><b>The threshold</b> is the knob that Go splits into {@code SetBlockProfileRate} and
 * {@code SetMutexProfileFraction}: JFR records every wait that lasts at least this long, and none
 * that is shorter (Go samples the short ones instead). The default, {@value #DEFAULT_THRESHOLD_TEXT},
 * is JFR's own "profile" setting; {@code -D}{@value #THRESHOLD_PROPERTY}{@code =1ms} sets another
 * for {@link #enable()}, and {@code =off} none at all. A lower threshold sees more and costs more: each recorded wait is one JFR
 * event with a stack trace. The same threshold applies to {@code jdk.VirtualThreadPinned} (JFR's own
 * "default" and "profile" settings record it from 20 ms).
 *
 * <p><b>When events arrive:</b> JFR hands events to a stream about once a second. A profile
 * therefore first commits a marker event of its own and waits until the stream delivers it (at
 * most one flush, about a second): by then every wait that ended before the request is counted.
 *
 * <p>The recorder runs one JFR {@code RecordingStream} on a daemon thread named
 * {@value #THREAD_NAME_PREFIX}; waits of JFR's own machinery are left out. Where JFR is
 * unavailable, the recorder logs one warning and {@link #recording()} is false.
 */
public final class ContentionRecorder implements AutoCloseable {

    /** Name of the thread that runs the recording stream. */
    public static final String THREAD_NAME_PREFIX = "contention-recorder";
    /** System property read by {@link #enable()}: a threshold such as {@code 1ms}, {@code 500us} or {@code 0ms}. */
    public static final String THRESHOLD_PROPERTY = "threadprof.contention.threshold";
    static final String DEFAULT_THRESHOLD_TEXT = "10ms";
    /** The value of {@value #THRESHOLD_PROPERTY} that turns recording off. */
    public static final String OFF = "off";
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(10);
    /** Distinct stacks kept; past this, new samples drop their owner label so that memory stays bounded. */
    static final int MAX_SAMPLES = 20_000;

    private static final Logger LOG = Logger.getLogger(ContentionRecorder.class.getName());
    private static final long MARK_TIMEOUT_SECONDS = 5;

    private static ContentionRecorder enabled;

    private final Duration threshold;
    private final Instant started = Instant.now();
    private final Samples sinceStart = new Samples();
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final Map<Long, CountDownLatch> pendingMarks = new ConcurrentHashMap<>();
    private final AtomicLong marks = new AtomicLong();
    private DaemonRecordingStream stream;

    private ContentionRecorder(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("the threshold must not be negative, got " + threshold);
        }
        this.threshold = threshold;
    }

    /**
     * Records contention JVM-wide from now on with {@code threshold}, the counterpart of Go's
     * {@code runtime.SetBlockProfileRate} and {@code SetMutexProfileFraction}. Calling it again with
     * another threshold starts a new recording (the profile starts over).
     */
    public static synchronized ContentionRecorder enable(Duration threshold) {
        if (enabled != null && enabled.threshold.equals(threshold) && enabled.recording()) {
            return enabled;
        }
        disable();
        enabled = start(threshold);
        return enabled;
    }

    /**
     * {@link #enable(Duration)} with the threshold of {@value #THRESHOLD_PROPERTY}, or the default;
     * {@value #OFF} records nothing (Go's rate 0) and leaves the profiles empty.
     */
    public static Optional<ContentionRecorder> enable() {
        String threshold = System.getProperty(THRESHOLD_PROPERTY);
        if (threshold != null && threshold.strip().equalsIgnoreCase(OFF)) {
            disable();
            return Optional.empty();
        }
        return Optional.of(enable(thresholdFrom(threshold)));
    }

    /** The JVM-wide recorder, if {@link #enable} was called. */
    public static synchronized Optional<ContentionRecorder> enabled() {
        return Optional.ofNullable(enabled);
    }

    /** Stops the JVM-wide recorder, if any. */
    public static synchronized void disable() {
        if (enabled != null) {
            enabled.close();
            enabled = null;
        }
    }

    /** A recorder of one's own (tests, tools); {@link #close()} stops it. */
    public static ContentionRecorder start(Duration threshold) {
        ContentionRecorder recorder = new ContentionRecorder(threshold);
        recorder.stream = DaemonRecordingStream.start(THREAD_NAME_PREFIX, "ContentionRecorder",
                "the block, mutex and pinned profiles stay empty", rs -> Jfr.configure(recorder, rs));
        return recorder;
    }

    /**
     * {@code 10ms}, {@code 500us}, {@code 2s}, {@code 0} or an ISO-8601 duration ({@code PT0.001S});
     * {@code null} or blank gives the default.
     */
    static Duration thresholdFrom(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_THRESHOLD;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.equals("0")) {
                return Duration.ZERO;
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            if (value.endsWith("us")) {
                return Duration.ofNanos(1_000 * Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            if (value.endsWith("ns")) {
                return Duration.ofNanos(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).strip()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(THRESHOLD_PROPERTY + " must be a duration such as 10ms, 500us or 0, got '"
                + text + "'");
    }

    public Duration threshold() {
        return threshold;
    }

    /** Whether events are being recorded. */
    public boolean recording() {
        return stream.running();
    }

    /**
     * The empty profile that says why this JVM cannot record {@code kind} (the pinned profile before
     * Java 21, which has no virtual threads), or nothing when it can.
     */
    public static Optional<ContentionProfile> unavailable(ContentionKind kind) {
        int feature = Runtime.version().feature();
        if (feature >= kind.sinceJava()) {
            return Optional.empty();
        }
        return Optional.of(ContentionProfile.unavailable(kind, Instant.now(), "virtual threads need Java "
                + kind.sinceJava() + "+, this JVM is Java " + Runtime.version()));
    }

    /** Every wait since recording began, up to this call. */
    public ContentionProfile cumulative(ContentionKind kind) throws InterruptedException {
        Optional<ContentionProfile> unavailable = unavailable(kind);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Instant now = Instant.now();
        awaitEventsUpToNow();
        return sinceStart.profile(kind, recording(), threshold, started, now, true);
    }

    /** The waits that end within the next {@code length} (Go's {@code ?seconds=N}). */
    public ContentionProfile delta(ContentionKind kind, Duration length) throws InterruptedException {
        Optional<ContentionProfile> unavailable = unavailable(kind);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Window window = new Window(Instant.now());
        windows.add(window);
        try {
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
            window.end = Instant.now();
            awaitEventsUpToNow();
            return window.samples.profile(kind, recording(), threshold, window.start, window.end, false);
        } finally {
            windows.remove(window);
        }
    }

    @Override
    public void close() {
        stream.close();
        for (CountDownLatch mark : pendingMarks.values()) {
            mark.countDown();
        }
    }

    /** Waits until the stream has delivered every event committed before this call (at most one flush). */
    private void awaitEventsUpToNow() throws InterruptedException {
        if (!recording()) {
            return;
        }
        long id = marks.incrementAndGet();
        CountDownLatch seen = new CountDownLatch(1);
        pendingMarks.put(id, seen);
        try {
            Jfr.commitMark(id);
            if (!seen.await(MARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.fine("ContentionRecorder: the marker event did not arrive within " + MARK_TIMEOUT_SECONDS + " s");
            }
        } finally {
            pendingMarks.remove(id);
        }
    }

    void onMark(long id) {
        CountDownLatch mark = pendingMarks.get(id);
        if (mark != null) {
            mark.countDown();
        }
    }

    /**
     * One recorded wait. JFR applies the lowest threshold any recording in the JVM asks for, so
     * shorter waits are dropped here.
     */
    void onWait(Wait wait, Instant end, long nanos) {
        if (nanos < threshold.toNanos()) {
            return;
        }
        sinceStart.add(wait, nanos);
        for (Window window : windows) {
            if (window.contains(end)) {
                window.samples.add(wait, nanos);
            }
        }
    }

    /** What one recorded wait is summed by: its stack, event, lock class, other thread and reason. */
    record Wait(List<StackFrame> frames, String event, String lockClass, String otherThread, String reason) {

        Wait withoutOtherThread() {
            return new Wait(frames, event, lockClass, null, reason);
        }
    }

    /** Waits summed by stack, event, lock class, other thread and reason. */
    private static final class Samples {
        private final Map<Wait, long[]> byKey = new HashMap<>();

        synchronized void add(Wait wait, long nanos) {
            Wait key = wait;
            long[] sums = byKey.get(key);
            if (sums == null && byKey.size() >= MAX_SAMPLES) {
                key = wait.withoutOtherThread();
                sums = byKey.get(key);
            }
            if (sums == null) {
                sums = new long[2];
                byKey.put(key, sums);
            }
            sums[0]++;
            sums[1] += nanos;
        }

        synchronized ContentionProfile profile(ContentionKind kind, boolean recording, Duration threshold, Instant start,
                Instant end, boolean cumulative) {
            List<ContentionSample> samples = new ArrayList<>();
            for (Map.Entry<Wait, long[]> entry : byKey.entrySet()) {
                Wait key = entry.getKey();
                ContentionSample sample = new ContentionSample(key.frames(), key.event(), key.lockClass(),
                        key.otherThread(), key.reason(), entry.getValue()[0], entry.getValue()[1]);
                if (sample.belongsTo(kind)) {
                    samples.add(sample);
                }
            }
            return new ContentionProfile(kind, recording, threshold, start, end, cumulative, samples);
        }
    }

    /** A delta window: the waits that end between its start and its end. */
    private static final class Window {
        final Instant start;
        volatile Instant end;
        final Samples samples = new Samples();

        Window(Instant start) {
            this.start = start;
        }

        boolean contains(Instant eventEnd) {
            Instant until = end;
            return !eventEnd.isBefore(start) && (until == null || !eventEnd.isAfter(until));
        }
    }

    /** Everything that touches {@code jdk.jfr}, so that a JVM without it loads the recorder and fails soft. */
    private static final class Jfr {
        private static final List<String> WAIT_EVENTS = List.of(
            ContentionSample.MONITOR_ENTER, ContentionSample.THREAD_PARK, ContentionSample.MONITOR_WAIT);
        /** The frame that posts {@code jdk.VirtualThreadPinned} on Java 24+: the event's, not the application's. */
        private static final JfrStacks.TopFrameFilter PINNED_EVENT_POSTING = (className, methodName) ->
                className.equals("java.lang.VirtualThread") && methodName.equals("postPinnedEvent");

        private Jfr() {
        }

        static void configure(ContentionRecorder recorder, Object stream) {
            jdk.jfr.consumer.RecordingStream rs = (jdk.jfr.consumer.RecordingStream) stream;
            List<String> events = new ArrayList<>(WAIT_EVENTS);
            if (unavailable(ContentionKind.PINNED).isEmpty()) {
                events.add(ContentionSample.VIRTUAL_THREAD_PINNED);
            }
            for (String event : events) {
                rs.enable(event).withThreshold(recorder.threshold).withStackTrace();
                rs.onEvent(event, recorded -> onWait(recorder, recorded));
            }
            rs.enable(Mark.class);
            rs.onEvent(Mark.NAME, recorded -> recorder.onMark(recorded.getLong("id")));
            rs.setOrdered(true); // a mark arrives after every event committed before it
        }

        static void commitMark(long id) {
            Mark mark = new Mark();
            mark.id = id;
            mark.commit();
        }

        private static void onWait(ContentionRecorder recorder, jdk.jfr.consumer.RecordedEvent event) {
            long nanos = event.getDuration().toNanos();
            if (nanos < recorder.threshold.toNanos()) {
                return;
            }
            String name = event.getEventType().getName();
            boolean pinned = ContentionSample.VIRTUAL_THREAD_PINNED.equals(name);
            List<StackFrame> frames = JfrStacks.frames(event.getStackTrace(),
                    pinned ? PINNED_EVENT_POSTING : JfrStacks.TopFrameFilter.NONE);
            if (isJfrMachinery(frames)) {
                return;
            }
            if (pinned) {
                // Java 24+ says why (pinnedReason); Java 21 records the stack only.
                String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
                recorder.onWait(new Wait(frames, name, null, null, reason), event.getEndTime(), nanos);
                return;
            }
            String lockField = ContentionSample.THREAD_PARK.equals(name) ? "parkedClass" : "monitorClass";
            jdk.jfr.consumer.RecordedClass lock = event.getClass(lockField);
            String otherField = ContentionSample.MONITOR_ENTER.equals(name) ? "previousOwner"
                    : ContentionSample.MONITOR_WAIT.equals(name) ? "notifier" : null;
            jdk.jfr.consumer.RecordedThread other = otherField == null ? null : event.getThread(otherField);
            recorder.onWait(new Wait(frames, name, lock == null ? null : lock.getName(), threadName(other), null),
                    event.getEndTime(), nanos);
        }

        private static String threadName(jdk.jfr.consumer.RecordedThread thread) {
            if (thread == null) {
                return null;
            }
            return thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        }

        /** JFR's own threads wait for the next flush; they are not the application's contention. */
        private static boolean isJfrMachinery(List<StackFrame> frames) {
            for (StackFrame frame : frames) {
                if (frame.className().startsWith("jdk.jfr.")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The marker a profile commits and waits for, to know the stream has caught up. */
    @jdk.jfr.Name(Mark.NAME)
    @jdk.jfr.Label("threadprof contention mark")
    @jdk.jfr.Description("Committed by a contention profile request (block, mutex, pinned) to know when earlier"
            + " events have arrived")
    @jdk.jfr.Enabled(false)
    @jdk.jfr.StackTrace(false)
    static final class Mark extends jdk.jfr.Event {
        static final String NAME = "dev.threadprofiling.ContentionMark";

        @jdk.jfr.Label("Id")
        long id;
    }
}
