package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;

/**
 * pprof's {@code debug=2} crossed with {@code jstack}: every thread with its lock or park
 * information and, when known, where it was started.
 *
 * <pre>{@code
 * String text = Debug2Format.render(ThreadCapture.withCreatedBy(ThreadStartTracker.shared()).capture());
 * }</pre>
 *
 * <p>Output:
 * <pre>
 * thread profile: total 1243
 *
 * thread 42 "worker-7-3" [WAITING, daemon]:
 * 	parked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@1b6d3586
 * jdk.internal.misc.Unsafe.park(Native Method)
 * ...
 * java.lang.Thread.run(Thread.java:840)
 * created by dev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40) in thread "jetty-http-12" #31
 * 	dev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40)
 * 	dev.threadprofiling.workerpool.ProcessHandler.handle(ProcessHandler.java:30)
 *
 * thread 1 "main" [WAITING]:
 * ...
 * created by: unknown (started before recording began)
 * </pre>
 * Threads appear in profile order, each followed by a blank line. The {@code created by} part is
 * absent when no recording ran ({@link ThreadSample.Origin#NOT_TRACKED}).
 */
public final class Debug2Format {

    static final String STARTED_BEFORE_RECORDING = "created by: unknown (started before recording began)";

    private Debug2Format() {
    }

    public static String render(ThreadProfile profile) {
        StringBuilder out = new StringBuilder(256 + 400 * profile.total());
        out.append("thread profile: total ").append(profile.total()).append("\n\n");
        for (ThreadSample thread : profile.threads()) {
            appendThread(out, thread);
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendThread(StringBuilder out, ThreadSample thread) {
        out.append(header(thread)).append('\n');
        if (thread.waitingOn() != null) {
            out.append('\t').append(thread.waitingOn().describe()).append('\n');
        }
        for (StackFrame frame : thread.frames()) {
            out.append(FrameText.plain(frame)).append('\n');
        }
        switch (thread.origin()) {
            case RECORDED -> appendCreatedBy(out, thread.createdBy());
            case BEFORE_RECORDING -> out.append(STARTED_BEFORE_RECORDING).append('\n');
            case NOT_TRACKED -> {
            }
        }
    }

    /** {@code thread 42 "worker-7-3" [WAITING, daemon]:}. */
    static String header(ThreadSample thread) {
        return "thread " + thread.id() + " \"" + thread.name() + "\" [" + thread.state()
                + (thread.daemon() ? ", daemon" : "") + (thread.virtual() ? ", virtual" : "") + "]:";
    }

    private static void appendCreatedBy(StringBuilder out, CreationSite site) {
        if (site == null) {
            out.append("created by: unknown").append('\n');
            return;
        }
        out.append(site.describe()).append('\n');
        for (StackFrame frame : site.frames()) {
            out.append('\t').append(FrameText.plain(frame)).append('\n');
        }
    }
}
