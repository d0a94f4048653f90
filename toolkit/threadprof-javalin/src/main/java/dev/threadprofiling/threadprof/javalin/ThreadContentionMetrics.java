package dev.threadprofiling.threadprof.javalin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Contention counters from {@link ThreadMXBean}, summed over the JVM's threads: how often threads blocked
 * entering a {@code synchronized} and for how long, and how often they waited.
 *
 * <pre>
 * jvm_threads_blocked_total                 entries that had to wait for a monitor (ThreadInfo.getBlockedCount)
 * jvm_threads_blocked_time_seconds_total    time spent so (getBlockedTime; needs contention monitoring)
 * jvm_threads_waited_total                  Object.wait, park, sleep with a timeout or not (getWaitedCount)
 * </pre>
 *
 * <p>Binding switches thread contention monitoring on when the JVM supports it (HotSpot does), as the
 * blocked time needs it; without it the time counter is left out. A thread's counts live only as long
 * as the thread, so each read keeps the last counts of threads that have ended: the counters never go
 * down, as Prometheus expects of a counter (waits of an ended thread after the last read are lost).
 * One pass over the threads serves the three counters for a second ({@link #REUSE}), so a scrape reads
 * each thread once and its three values agree. Waited time is not exported: most of it is idle pool
 * threads waiting for work.
 */
public final class ThreadContentionMetrics implements MeterBinder {

    private static final int BLOCKED = 0;
    private static final int BLOCKED_MILLIS = 1;
    private static final int WAITED = 2;

    /** How long one sum serves: the three counters of one scrape come from one pass over the threads. */
    static final Duration REUSE = Duration.ofSeconds(1);

    private final ThreadMXBean threads;
    private final long reuseNanos;
    private final Map<Long, long[]> lastByThread = new HashMap<>();
    private final long[] ended = new long[3];
    private long[] last;
    private long lastAt;

    /** What {@link JvmMetrics} binds: one pass over the threads serves for {@link #REUSE}. */
    public ThreadContentionMetrics() {
        this(REUSE);
    }

    /** {@code reuse}: how long a sum is served again before the threads are read anew ({@code ZERO}: every read). */
    public ThreadContentionMetrics(Duration reuse) {
        this.threads = ManagementFactory.getThreadMXBean();
        this.reuseNanos = reuse.toNanos();
    }

    /**
     * Binds the counters. Micrometer holds a counter's object weakly and freezes the counter once it is
     * collected, so the object is the JVM's ThreadMXBean and the function holds this binder.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        boolean timed = threads.isThreadContentionMonitoringSupported();
        if (timed && !threads.isThreadContentionMonitoringEnabled()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        FunctionCounter.builder("jvm.threads.blocked", threads, t -> totals()[BLOCKED])
                .description("Times threads blocked to enter a monitor (synchronized), summed over threads")
                .register(registry);
        if (timed) {
            FunctionCounter.builder("jvm.threads.blocked.time", threads, t -> totals()[BLOCKED_MILLIS] / 1e3)
                    .baseUnit("seconds")
                    .description("Time threads spent blocked to enter a monitor (synchronized), summed over threads")
                    .register(registry);
        }
        FunctionCounter.builder("jvm.threads.waited", threads, t -> totals()[WAITED])
                .description("Times threads waited (Object.wait, LockSupport.park, sleep), summed over threads")
                .register(registry);
    }

    /** Blocked count, blocked milliseconds and waited count, over live threads and the last read of ended ones. */
    synchronized long[] totals() {
        long now = System.nanoTime();
        if (last == null || now - lastAt >= reuseNanos) {
            last = sum();
            lastAt = now;
        }
        return last;
    }

    private long[] sum() {
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        Map<Long, long[]> seen = new HashMap<>(infos.length * 2);
        long[] sums = ended.clone();
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            long[] counts = {info.getBlockedCount(), Math.max(0, info.getBlockedTime()), info.getWaitedCount()};
            seen.put(info.getThreadId(), counts);
            for (int i = 0; i < counts.length; i++) {
                sums[i] += counts[i];
            }
        }
        lastByThread.forEach((id, counts) -> {
            if (!seen.containsKey(id)) {
                for (int i = 0; i < counts.length; i++) {
                    ended[i] += counts[i];
                    sums[i] += counts[i];
                }
            }
        });
        lastByThread.clear();
        lastByThread.putAll(seen);
        return sums;
    }
}
