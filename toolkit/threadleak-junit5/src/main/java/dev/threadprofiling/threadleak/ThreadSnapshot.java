package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;

/**
 * The threads alive at one moment: the baseline a leak check compares against (goleak's
 * {@code IgnoreCurrent}).
 *
 * <pre>{@code
 * ThreadSnapshot before = ThreadLeaks.snapshot();
 * startAndStopServer();
 * ThreadLeaks.verifyNone(ThreadLeakOptions.since(before));
 * }</pre>
 *
 * <p>It holds the ids of the live platform threads and a watermark: the highest thread id handed out
 * so far. Thread ids only grow, so a thread whose id is above the watermark was created after the
 * snapshot; that is how virtual threads, which the JVM does not list cheaply, are told apart
 * without listing them. Taking a snapshot costs one {@link ThreadMXBean#getAllThreadIds()} call.
 */
public final class ThreadSnapshot {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] sortedIds;
    private final long watermark;
    private final Instant takenAt;
    private final long takenAtNanos;

    private ThreadSnapshot(long[] sortedIds, long watermark, Instant takenAt, long takenAtNanos) {
        this.sortedIds = sortedIds;
        this.watermark = watermark;
        this.takenAt = takenAt;
        this.takenAtNanos = takenAtNanos;
    }

    /** The threads alive now. */
    static ThreadSnapshot takeNow() {
        long watermark = ThreadIds.lastIssued();
        long[] ids = THREADS.getAllThreadIds();
        Arrays.sort(ids);
        return new ThreadSnapshot(ids, watermark, Instant.now(), System.nanoTime());
    }

    /** Whether the thread with this id existed when the snapshot was taken. */
    public boolean contains(long threadId) {
        return threadId <= watermark && Arrays.binarySearch(sortedIds, threadId) >= 0;
    }

    /**
     * Whether a live thread with this id is not part of the snapshot. A platform thread is new when
     * its id is not in the snapshot; a virtual thread when its id is above the watermark.
     */
    boolean isNew(long threadId, boolean virtual) {
        if (threadId > watermark) {
            return true;
        }
        return !virtual && Arrays.binarySearch(sortedIds, threadId) < 0;
    }

    long ageNanos() {
        return System.nanoTime() - takenAtNanos;
    }

    @Override
    public String toString() {
        return "ThreadSnapshot[" + sortedIds.length + " platform threads, ids up to " + watermark + ", taken at "
                + takenAt + "]";
    }
}
