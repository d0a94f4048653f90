package dev.threadprofiling.threadprof;

import dev.threadprofiling.threadprof.capture.DaemonRecordingStream;
import dev.threadprofiling.threadprof.capture.JfrStacks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * was just started may not be known yet: {@link #awaitUpToDate(Duration)} waits for that.
 *
 * <p>Threads started before the recording began have no event: with {@link #tracking()} true, an
 * unknown id means {@link ThreadSample.Origin#BEFORE_RECORDING}. Where JFR is unavailable
 * ({@code -XX:-FlightRecorder}, a JDK without {@code jdk.jfr}), the tracker logs one warning and
 * {@link #tracking()} is false.
 *
 * <p>Stacks are converted by {@link JfrStacks}, which says how source file names are derived.
 */
public final class ThreadStartTracker implements CreationLookup, AutoCloseable {

    /** Names of the threads the tracker starts itself; leak checks ignore them. */
    public static final String THREAD_NAME_PREFIX = "thread-start-tracker";

    private static final Logger LOG = Logger.getLogger(ThreadStartTracker.class.getName());
    private static final String THREAD_START = "jdk.ThreadStart";
    private static final String THREAD_END = "jdk.ThreadEnd";
    /** How many ended threads' parent links are kept, so chains through short-lived threads resolve. */
    private static final int ENDED_LINKS_KEPT = 4096;
    private static final AtomicInteger MARKERS = new AtomicInteger();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static ThreadStartTracker shared;

    private final Map<Long, CreationSite> live = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> pendingMarkers = new ConcurrentHashMap<>();
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
     * <p>Two conditions, both needed. First, a short-lived marker thread is started and its
     * {@code jdk.ThreadStart} event awaited: JFR writes all threads' buffers at each flush and the
     * stream hands out a flush's events in time order, so every event committed before this call
     * (including the start and end of threads that are gone) has been handled. Second, a start
     * event is committed by the new thread itself once it runs, which may be after
     * {@code Thread.start()} returned: so the call also waits until every live platform thread
     * started after the recording began is known.
     *
     * <p>Returns quietly on timeout or when not tracking; {@link #tryAwaitUpToDate} says which.
     */
    public void awaitUpToDate(Duration timeout) {
        tryAwaitUpToDate(timeout);
    }

    /**
     * {@link #awaitUpToDate(Duration)} that tells whether it got there.
     *
     * @return {@code true} when up to date, {@code false} on timeout or when not tracking
     */
    public boolean tryAwaitUpToDate(Duration timeout) {
        if (!tracking()) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] alive = THREADS.getAllThreadIds();
        CountDownLatch seen = new CountDownLatch(1);
        Thread marker = new Thread(() -> {
        }, THREAD_NAME_PREFIX + "-marker-" + MARKERS.incrementAndGet());
        marker.setDaemon(true);
        pendingMarkers.put(marker.getId(), seen);
        try {
            marker.start();
            if (!seen.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            while (!allKnown(alive)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stream.awaitFlush(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            pendingMarkers.remove(marker.getId());
        }
    }

    /** Whether each thread that was alive, started after the recording began and still lives, is known. */
    private boolean allKnown(long[] threadIds) {
        long firstRecorded = stream.firstRecordedThreadId();
        for (long id : threadIds) {
            if (id >= firstRecorded && !live.containsKey(id) && !pendingMarkers.containsKey(id)
                    && THREADS.getThreadInfo(id, 0) != null) {
                return false;
            }
        }
        return true;
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
        CountDownLatch marker = pendingMarkers.get(threadId);
        if (marker != null) {
            marker.countDown();
            return;
        }
        live.put(threadId, site);
    }

    void onEnd(long threadId) {
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
        private DaemonRecordingStream recording;
        /** Threads with this id or higher were started while recording (thread ids only grow). */
        private volatile long firstRecordedThreadId = Long.MAX_VALUE;

        void start(ThreadStartTracker tracker) {
            recording = DaemonRecordingStream.start(THREAD_NAME_PREFIX + "-stream", "ThreadStartTracker",
                    "\"created by\" is unknown", rs -> JfrStream.configure(tracker, this, rs));
            if (recording.running()) {
                firstRecordedThreadId = new Thread(null, null, THREAD_NAME_PREFIX + "-id-probe", 1, false).getId();
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
            synchronized (flushes) {
                flushes.notifyAll();
            }
        }

        void awaitFlush(long nanos) throws InterruptedException {
            synchronized (flushes) {
                TimeUnit.NANOSECONDS.timedWait(flushes, nanos);
            }
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
