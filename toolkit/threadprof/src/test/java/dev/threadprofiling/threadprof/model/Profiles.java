package dev.threadprofiling.threadprof.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-made profiles with exactly known contents, for exact-output tests. */
public final class Profiles {

    public static final StackFrame PARK = new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null, StackFrame.NATIVE);
    public static final StackFrame LOCK_PARK = new StackFrame("java.base", "java.util.concurrent.locks.LockSupport", "park",
            "LockSupport.java", 341);
    public static final StackFrame TAKE = new StackFrame(null, "dev.threadprofiling.workerpool.TaskQueue", "take",
            "TaskQueue.java", 52);
    public static final StackFrame WORK = new StackFrame(null, "dev.threadprofiling.workerpool.WorkerPool", "work",
            "WorkerPool.java", 61);
    public static final StackFrame PRODUCE = new StackFrame(null, "dev.threadprofiling.workerpool.WorkerPool", "produce",
            "WorkerPool.java", 75);
    public static final StackFrame RUN = new StackFrame("java.base", "java.lang.Thread", "run", "Thread.java", 840);
    public static final StackFrame START_WORKERS = new StackFrame(null, "dev.threadprofiling.workerpool.WorkerPool",
            "startWorkers", "WorkerPool.java", 40);
    public static final StackFrame HANDLE = new StackFrame(null, "dev.threadprofiling.workerpool.ProcessHandler",
            "handle", "ProcessHandler.java", 30);
    public static final Blocker CONDITION = new Blocker(Blocker.Kind.PARK,
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", 0x1b6d3586, -1, null);

    private Profiles() {
    }

    public static ThreadSample worker(long id, String name) {
        return new ThreadSample(id, name, "WAITING", true, false, List.of(PARK, LOCK_PARK, TAKE, WORK, RUN),
                CONDITION, new CreationSite(31, "jetty-http-12", List.of(START_WORKERS, HANDLE)),
                ThreadSample.Origin.RECORDED);
    }

    public static ThreadSample producer(long id, String name) {
        return new ThreadSample(id, name, "WAITING", false, false, List.of(PARK, LOCK_PARK, PRODUCE, RUN),
                null, null, ThreadSample.Origin.BEFORE_RECORDING);
    }

    /** 3 workers of two requests, 2 producers, 1 virtual worker, and a thread without Java frames. */
    public static ThreadProfile small() {
        List<ThreadSample> threads = new ArrayList<>();
        threads.add(producer(50, "producer-10"));
        threads.add(worker(42, "worker-7-3"));
        threads.add(worker(40, "worker-7-1"));
        threads.add(producer(49, "producer-5"));
        threads.add(worker(44, "worker-12-1"));
        threads.add(new ThreadSample(60, "virtual-worker", "WAITING", true, true, List.of(PARK, LOCK_PARK, TAKE, WORK),
                null, null, ThreadSample.Origin.NOT_TRACKED));
        threads.add(new ThreadSample(3, "Signal Dispatcher", "RUNNABLE", true, false, List.of(), null, null,
                ThreadSample.Origin.NOT_TRACKED));
        return new ThreadProfile(Instant.parse("2025-03-01T10:15:30.123456789Z"),
                new ThreadProfile.ProcessInfo(1234, "dev.threadprofiling.exercise.Main", "17.0.15", "in-process"),
                threads);
    }
}
