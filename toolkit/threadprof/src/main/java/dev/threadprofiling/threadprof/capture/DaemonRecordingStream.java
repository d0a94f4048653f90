package dev.threadprofiling.threadprof.capture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A JFR {@code RecordingStream} that runs on a named daemon thread and counts as started once its
 * first flush arrives: the one way the JFR sources (thread starts, contention) record. Where JFR
 * is unavailable ({@code -XX:-FlightRecorder}, a JDK without {@code jdk.jfr}), it logs one warning
 * and {@link #running()} is false; {@code jdk.jfr} is touched only inside {@link Jfr}.
 *
 * <pre>{@code
 * DaemonRecordingStream stream = DaemonRecordingStream.start("contention-recorder", "ContentionRecorder",
 *         "block and mutex profiles stay empty", rs -> Events.configure((RecordingStream) rs));
 * }</pre>
 */
public final class DaemonRecordingStream implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DaemonRecordingStream.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;

    private final String owner;
    private final AtomicReference<AutoCloseable> recording = new AtomicReference<>();
    private final CountDownLatch firstFlush = new CountDownLatch(1);
    private volatile boolean running;

    private DaemonRecordingStream(String owner) {
        this.owner = owner;
    }

    /**
     * Opens a stream, lets {@code configure} enable events and handlers on it (it receives a
     * {@code jdk.jfr.consumer.RecordingStream}), runs it on a daemon thread named
     * {@code threadName} and waits for its first flush.
     *
     * @param owner        the class that records, for log lines
     * @param whenMissing  what the owner's user loses when JFR is unavailable, for the warning
     */
    public static DaemonRecordingStream start(String threadName, String owner, String whenMissing,
            Consumer<Object> configure) {
        DaemonRecordingStream stream = new DaemonRecordingStream(owner);
        try {
            stream.recording.set(Jfr.open(configure, stream.firstFlush::countDown));
        } catch (Throwable e) {
            stream.warnUnavailable(whenMissing, e.toString());
            return stream;
        }
        // RecordingStream.startAsync() runs its dispatch thread as a non-daemon thread, which
        // would keep a JVM alive after main returns: run the blocking start() on a daemon thread.
        Thread dispatcher = new Thread(stream::run, threadName);
        dispatcher.setDaemon(true);
        dispatcher.start();
        try {
            if (stream.firstFlush.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) && stream.recording.get() != null) {
                stream.running = true;
                return stream;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stream.close();
        stream.warnUnavailable(whenMissing, "the recording did not start within " + START_TIMEOUT_SECONDS + " s");
        return stream;
    }

    /** Whether the stream is recording and delivering events. */
    public boolean running() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        AutoCloseable closeable = recording.getAndSet(null);
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.fine(owner + ": closing the JFR stream failed: " + e);
            }
        }
    }

    private void run() {
        try {
            Jfr.run(recording.get());
        } catch (Throwable e) {
            LOG.warning(owner + ": the JFR stream stopped: " + e);
        } finally {
            running = false;
            recording.set(null);
            firstFlush.countDown();
        }
    }

    private void warnUnavailable(String whenMissing, String why) {
        LOG.warning(owner + ": JFR is unavailable, so " + whenMissing + " (" + why + ")");
    }

    /** Everything that touches {@code jdk.jfr}. */
    private static final class Jfr {
        private Jfr() {
        }

        static AutoCloseable open(Consumer<Object> configure, Runnable onFirstFlush) {
            jdk.jfr.consumer.RecordingStream rs = new jdk.jfr.consumer.RecordingStream();
            try {
                configure.accept(rs);
                rs.onFlush(onFirstFlush);
                return rs;
            } catch (RuntimeException | Error e) {
                rs.close();
                throw e;
            }
        }

        static void run(AutoCloseable stream) {
            if (stream instanceof jdk.jfr.consumer.RecordingStream rs) {
                rs.start();
            }
        }
    }
}
