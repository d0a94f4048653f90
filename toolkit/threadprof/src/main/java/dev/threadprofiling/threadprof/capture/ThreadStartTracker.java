package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Records where each thread was started, from JFR's {@code jdk.ThreadStart} events (the stack of
 * the code that called {@code Thread.start()} and its parent thread).
 *
 * <pre>{@code
 * ThreadStartTracker tracker = ThreadStartTracker.shared();   // started once per JVM
 * ThreadProfile profile = ThreadCapture.withCreatedBy(tracker).capture();
 * }</pre>
 *
 * <p>How it works: a {@code jdk.jfr.consumer.RecordingStream} enabled for {@code jdk.ThreadStart}
 * (with stack traces) and {@code jdk.ThreadEnd} keeps a map from the id of every live thread started
 * since the stream began to its {@link CreationSite}; ended threads are forgotten, so memory follows
 * the number of live threads. JFR delivers events in batches about once a second, so a thread that
 * was just started may not be known yet: {@link #awaitUpToDate(Duration)} waits for that, at most one
 * flush and only when some live thread is unknown.
 *
 * <p>Threads started before the recording began have no event: with {@link #tracking()} true, an
 * unknown id means {@link ThreadSample.Origin#BEFORE_RECORDING}. Where JFR is unavailable
 * ({@code -XX:-FlightRecorder}, a JDK without {@code jdk.jfr}), the tracker logs one warning and
 * {@link #tracking()} is false.
 *
 * <p>Stacks are converted by {@link JfrStacks}: a frame's file is the one its class records
 * ({@link SourceFiles}: {@code Foo.kt} for Kotlin), or none when the class cannot be read.
 */
public final class ThreadStartTracker implements CreationLookup, AutoCloseable {

    /** Names of the threads the tracker starts itself; leak checks ignore them. */
    public static final String THREAD_NAME_PREFIX = "thread-start-tracker";

    private static final Logger LOG = Logger.getLogger(ThreadStartTracker.class.getName());
    private static final String THREAD_START = "jdk.ThreadStart";
    private static final String THREAD_END = "jdk.ThreadEnd";
    /** How many ended threads' parent links are kept, so chains through short-lived threads resolve. */
    private static final int ENDED_LINKS_KEPT = 4096;
    private static final AtomicInteger WAITS = new AtomicInteger();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static ThreadStartTracker shared;

    private final Map<Long, CreationSite> live = new ConcurrentHashMap<>();
    /** Live threads started while recording whose start event is missing: id to when first seen (epoch ms). */
    private final Map<Long, Long> unrecordedSince = new ConcurrentHashMap<>();
    /** Ids of {@link #unrecordedSince} that a call already awaited for one flush. */
    private final Set<Long> awaited = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> endedParents = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > ENDED_LINKS_KEPT;
        }
    };
    private final Stream stream;

    private ThreadStartTracker(Stream stream) {
        this.stream = stream;
    }

    /** The JVM-wide tracker, started on first use. */
    public static synchronized ThreadStartTracker shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A tracker of one's own; {@link #close()} stops it. */
    public static ThreadStartTracker start() {
        ThreadStartTracker tracker = new ThreadStartTracker(new Stream());
        tracker.stream.start(tracker);
        return tracker;
    }

    @Override
    public Optional<CreationSite> creationOf(long threadId) {
        return Optional.ofNullable(live.get(threadId));
    }

    /**
     * The id of the thread that started {@code threadId}, for live threads and for the last few
     * thousand ended ones, so a chain of parents can be followed through threads that are gone.
     */
    public OptionalLong parentIdOf(long threadId) {
        CreationSite site = live.get(threadId);
        if (site != null) {
            return site.parentId() < 0 ? OptionalLong.empty() : OptionalLong.of(site.parentId());
        }
        synchronized (endedParents) {
            Long parent = endedParents.get(threadId);
            return parent == null ? OptionalLong.empty() : OptionalLong.of(parent);
        }
    }

    @Override
    public boolean tracking() {
        return stream.running();
    }

    /**
     * Waits until every thread started before this call is known (JFR delivers events in
     * batches), or the timeout passes.
     *
     * <p>Nothing is awaited when every live platform thread started since the recording began is
     * known, or was already awaited once: the call returns at once. Otherwise it waits until those
     * threads are known, at most until the stream has handled the flush that follows the call
     * (JFR writes every thread's buffer at each flush, a second apart by default; the flush under
     * way may have been cut before the call). A thread still unknown then (a thread attached from
     * native code, such as {@code DestroyJavaVM}, has no start event)
     * is not awaited again: {@link #originOf} reports it as
     * {@link ThreadSample.Origin#NOT_YET_RECORDED}, and {@link #unrecordedForMillis} says since
     * when it has been seen.
     *
     * <p>Returns quietly on timeout or when not tracking; {@link #tryAwaitUpToDate} says which.
     */
    public void awaitUpToDate(Duration timeout) {
        tryAwaitUpToDate(timeout);
    }

    /**
     * {@link #awaitUpToDate(Duration)} that tells whether it got there.
     *
     * @return {@code true} when every live thread started while recording is known, {@code false}
     *         on timeout, when some thread is still unknown after one flush, or when not tracking
     */
    public boolean tryAwaitUpToDate(Duration timeout) {
        if (!tracking()) {
            return false;
        }
        List<Long> unknown = unknownLiveThreads();
        if (unknown.isEmpty()) {
            return true;
        }
        WAITS.incrementAndGet();
        long deadline = System.nanoTime() + timeout.toNanos();
        // The flush under way may have been cut before these threads' events: the next one has them.
        long lastFlush = stream.flushes() + 2;
        try {
            while (!stillUnknown(unknown).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stream.flushes() >= lastFlush) {
                    return false;
                }
                stream.awaitFlush(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            // Awaited once: whatever is still unknown is shown as "not yet recorded", never awaited again.
            awaited.addAll(unknown);
        }
    }

    /** Those of {@code threadIds} still alive and without a handled start event. */
    private List<Long> stillUnknown(List<Long> threadIds) {
        List<Long> unknown = new ArrayList<>();
        for (long id : threadIds) {
            if (!live.containsKey(id) && THREADS.getThreadInfo(id, 0) != null) {
                unknown.add(id);
            }
        }
        return unknown;
    }

    /**
     * Live platform threads started since the recording began whose start event has not been
     * handled and that no earlier call has awaited; each is remembered with the time it was first
     * seen, for {@link #unrecordedForMillis}.
     */
    private List<Long> unknownLiveThreads() {
        long firstRecorded = stream.firstRecordedThreadId();
        long[] alive = THREADS.getAllThreadIds();
        Set<Long> aliveIds = new HashSet<>(alive.length * 2);
        List<Long> unknown = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (long id : alive) {
            aliveIds.add(id);
            if (id >= firstRecorded && !live.containsKey(id)) {
                unrecordedSince.putIfAbsent(id, now);
                if (!awaited.contains(id)) {
                    unknown.add(id);
                }
            }
        }
        awaited.retainAll(aliveIds);
        unrecordedSince.keySet().retainAll(aliveIds);
        return unknown;
    }

    /**
     * {@link ThreadSample.Origin#NOT_YET_RECORDED} for a live thread that {@link #tryAwaitUpToDate}
     * found started while recording but without a handled start event; otherwise as
     * {@link CreationLookup#originOf}.
     */
    @Override
    public ThreadSample.Origin originOf(long threadId) {
        if (tracking() && !live.containsKey(threadId) && unrecordedSince.containsKey(threadId)) {
            return ThreadSample.Origin.NOT_YET_RECORDED;
        }
        return CreationLookup.super.originOf(threadId);
    }

    @Override
    public long unrecordedForMillis(long threadId) {
        Long since = unrecordedSince.get(threadId);
        return since == null ? -1 : Math.max(0, System.currentTimeMillis() - since);
    }

    /** Calls that waited for a flush, over all trackers: a test sees that a call did not wait. */
    static int waitsSoFar() {
        return WAITS.get();
    }

    /** Number of live threads whose creation site is known: what the tracker holds in memory. */
    public int size() {
        return live.size();
    }

    @Override
    public void close() {
        synchronized (ThreadStartTracker.class) {
            if (shared == this) {
                shared = null;
            }
        }
        stream.close();
        live.clear();
    }

    void onStart(long threadId, CreationSite site) {
        live.put(threadId, site);
        unrecordedSince.remove(threadId);
    }

    void onEnd(long threadId) {
        unrecordedSince.remove(threadId);
        awaited.remove(threadId);
        CreationSite site = live.remove(threadId);
        if (site != null && site.parentId() >= 0) {
            synchronized (endedParents) {
                endedParents.put(threadId, site.parentId());
            }
        }
    }

    /**
     * The JFR side, kept apart so that a JVM without {@code jdk.jfr} loads the tracker and fails
     * soft: the {@code jdk.jfr} classes are only touched inside {@link JfrStream}.
     */
    private static final class Stream {
        /** About 10,000 threads started and ended: a chunk of a few MB. */
        private static final long EVENTS_PER_CHUNK = 20_000;

        private final Object flushes = new Object();
        private final java.util.concurrent.atomic.AtomicLong flushCount = new java.util.concurrent.atomic.AtomicLong();
        private DaemonRecordingStream recording;
        /** Threads with this id or higher were started while recording (thread ids only grow). */
        private volatile long firstRecordedThreadId = Long.MAX_VALUE;

        void start(ThreadStartTracker tracker) {
            recording = DaemonRecordingStream.start(THREAD_NAME_PREFIX + "-stream", "ThreadStartTracker",
                    "\"created by\" is unknown", rs -> JfrStream.configure(tracker, this, rs));
            if (recording.running()) {
                firstRecordedThreadId = ThreadIds.lastIssued() + 1;
            }
        }

        /** Events handled since the chunk was last rotated. */
        private final java.util.concurrent.atomic.AtomicLong eventsSinceRotation = new java.util.concurrent.atomic.AtomicLong();

        void counted() {
            eventsSinceRotation.incrementAndGet();
        }

        /** True, once per {@link #EVENTS_PER_CHUNK} events, when a new chunk should begin. */
        boolean rotationDue() {
            if (eventsSinceRotation.get() < EVENTS_PER_CHUNK) {
                return false;
            }
            eventsSinceRotation.set(0);
            return true;
        }

        void flushed() {
            flushCount.incrementAndGet();
            synchronized (flushes) {
                flushes.notifyAll();
            }
        }

        void awaitFlush(long nanos) throws InterruptedException {
            synchronized (flushes) {
                TimeUnit.NANOSECONDS.timedWait(flushes, nanos);
            }
        }

        /** Flushes handled so far. */
        long flushes() {
            return flushCount.get();
        }

        long firstRecordedThreadId() {
            return firstRecordedThreadId;
        }

        boolean running() {
            return recording != null && recording.running();
        }

        void close() {
            if (recording != null) {
                recording.close();
            }
        }
    }

    /** Everything that touches {@code jdk.jfr}. */
    private static final class JfrStream {
        private JfrStream() {
        }

        static void configure(ThreadStartTracker tracker, Stream state, Object stream) {
            jdk.jfr.consumer.RecordingStream rs = (jdk.jfr.consumer.RecordingStream) stream;
            rs.enable(THREAD_START).withStackTrace();
            rs.enable(THREAD_END);
            rs.setReuse(false);
            rs.onEvent(THREAD_START, event -> {
                state.counted();
                onStart(tracker, event);
            });
            rs.onEvent(THREAD_END, event -> {
                state.counted();
                jdk.jfr.consumer.RecordedThread thread = event.getThread("thread");
                if (thread != null) {
                    tracker.onEnd(thread.getJavaThreadId());
                }
            });
            rs.onFlush(() -> {
                state.flushed();
                if (state.rotationDue()) {
                    rotateChunk();
                }
            });
        }

        /**
         * The stream's parser keeps every thread a chunk mentions until the chunk ends, and JFR ends
         * a chunk only at 12 MB by default: a server that starts threads all day would hold tens of
         * MB of them. Starting and stopping an empty recording makes JFR begin a new chunk.
         */
        static void rotateChunk() {
            try (jdk.jfr.Recording rotation = new jdk.jfr.Recording()) {
                rotation.setName(THREAD_NAME_PREFIX + "-chunk-rotation");
                rotation.start();
                rotation.stop();
            } catch (RuntimeException e) {
                LOG.fine("ThreadStartTracker: could not rotate the JFR chunk: " + e);
            }
        }

        private static void onStart(ThreadStartTracker tracker, jdk.jfr.consumer.RecordedEvent event) {
            jdk.jfr.consumer.RecordedThread started = event.getThread("thread");
            if (started == null) {
                return;
            }
            long startedId = started.getJavaThreadId();
            jdk.jfr.consumer.RecordedThread parent = event.getThread("parentThread");
            if (parent == null) {
                jdk.jfr.consumer.RecordedThread eventThread = event.getThread();
                if (eventThread != null && eventThread.getJavaThreadId() != startedId) {
                    parent = eventThread;
                }
            }
            long parentId = parent == null ? -1 : parent.getJavaThreadId();
            String parentName = parent == null ? null : parent.getJavaName();
            tracker.onStart(startedId, new CreationSite(parentId, parentName, framesOf(event.getStackTrace())));
        }

        static List<StackFrame> framesOf(jdk.jfr.consumer.RecordedStackTrace trace) {
            return JfrStacks.frames(trace, JfrStream::isThreadStart);
        }

        private static boolean isThreadStart(String className, String methodName) {
            return "java.lang.Thread".equals(className) && ("start".equals(methodName) || "start0".equals(methodName));
        }
    }
}
