package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.CreationLookup;
import dev.threadprofiling.threadprof.capture.VirtualThreads;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * "New since the baseline", the one definition every check uses (the API, the annotation and the
 * run-wide mode): platform threads whose id is not in the snapshot, and on Java 21+ virtual threads
 * whose id is above its watermark. Cheap while nothing is new: one {@code getAllThreadIds()}; the
 * virtual-thread dump runs only while a carrier is alive, or once the baseline is older than the
 * carriers' keep-alive. Used by this module's modes; not an API of its own.
 */
public final class NewThreads {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Idle virtual-thread carriers end after 30 s: past that, a parked virtual thread may have none. */
    private static final long CARRIER_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(25);

    private NewThreads() {
    }

    /**
     * What is new since {@code baseline}.
     *
     * @param liveIds        every live platform thread
     * @param platform       the new platform threads that {@code skip} did not rule out
     * @param mayHaveVirtual whether a new virtual thread may be alive ({@link #virtual} then says which)
     */
    public record Found(long[] liveIds, List<Long> platform, boolean mayHaveVirtual) {

        public boolean none() {
            return platform.isEmpty() && !mayHaveVirtual;
        }

        /** The new virtual threads {@code skip} does not rule out; empty unless {@link #mayHaveVirtual}. */
        public List<ThreadSample> virtual(ThreadSnapshot baseline, CreationLookup creations, LongPredicate skip) {
            if (!mayHaveVirtual) {
                return List.of();
            }
            Set<Long> platformIds = new HashSet<>();
            for (long id : liveIds) {
                platformIds.add(id);
            }
            List<ThreadSample> fresh = new ArrayList<>();
            for (ThreadSample thread : VirtualThreads.capture(platformIds, creations)) {
                if (baseline.isNew(thread.id(), true) && !skip.test(thread.id())) {
                    fresh.add(thread);
                }
            }
            return fresh;
        }
    }

    /** The threads alive now and new since {@code baseline}, those {@code skip} rules out left out. */
    public static Found since(ThreadSnapshot baseline, LongPredicate skip) {
        long[] ids = THREADS.getAllThreadIds();
        List<Long> platform = new ArrayList<>();
        for (long id : ids) {
            if (baseline.isNew(id, false) && !skip.test(id)) {
                platform.add(id);
            }
        }
        boolean mayHaveVirtual = VirtualThreads.enabled()
                && (!DefaultFilters.carrierThreadIds().isEmpty() || baseline.ageNanos() > CARRIER_KEEP_ALIVE_NANOS);
        return new Found(ids, List.copyOf(platform), mayHaveVirtual);
    }
}
