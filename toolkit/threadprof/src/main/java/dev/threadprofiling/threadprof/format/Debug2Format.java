package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * pprof's {@code debug=2} crossed with {@code jstack}: every thread with its lock or park
 * information and, when known, where it was started, in the shape of Go's
 * {@code created by main.startWorkers in goroutine 7}.
 *
 * <pre>{@code
 * String text = Debug2Format.render(ThreadCapture.withCreatedBy(ThreadStartTracker.shared()).capture());
 * String full = Debug2Format.render(profile, Debug2Format.CreationStacks.FULL);
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
 * created by dev.threadprofiling.workerpool.WorkerPool.start(WorkerPool.java:75) in thread "http-31" #31
 * 	dev.threadprofiling.workerpool.WorkerPool.start(WorkerPool.java:75)
 * 	dev.threadprofiling.workerpool.ProcessHandler.handle(ProcessHandler.java:40)
 * 	… 43 frames of io.javalin / jakarta.servlet / org.eclipse.jetty / java.lang
 *
 * thread 1 "main" [WAITING]:
 * ...
 * created by: unknown (started before recording began)
 * </pre>
 * Threads appear in profile order, each followed by a blank line. "created by" names the first
 * application frame of the creation stack ({@link ApplicationFrames}); the stack below it keeps the
 * application frames and replaces each run of other frames by one line with their count and
 * packages ({@link CreationStacks#APPLICATION}); {@link CreationStacks#FULL} prints every frame.
 * A thread started less than a flush ago shows {@code created by: not yet recorded (started N ms
 * ago)}. The {@code created by} part is absent when no recording ran
 * ({@link ThreadSample.Origin#NOT_TRACKED}).
 */
public final class Debug2Format {

    static final String STARTED_BEFORE_RECORDING = "created by: unknown (started before recording began)";
    /** How many package names an elision line lists before "…". */
    private static final int PACKAGES_NAMED = 4;

    /** How much of each creation stack to print. */
    public enum CreationStacks {
        /** Application frames, each run of other frames folded into one counted line (the default). */
        APPLICATION,
        /** Every frame. */
        FULL
    }

    private Debug2Format() {
    }

    public static String render(ThreadProfile profile) {
        return render(profile, CreationStacks.APPLICATION);
    }

    public static String render(ThreadProfile profile, CreationStacks creationStacks) {
        StringBuilder out = new StringBuilder(256 + 1200 * profile.total());
        out.append("thread profile: total ").append(profile.total()).append("\n\n");
        DeadlockText.append(out, profile);
        for (ThreadSample thread : profile.threads()) {
            appendThread(out, thread, creationStacks);
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendThread(StringBuilder out, ThreadSample thread, CreationStacks creationStacks) {
        out.append(header(thread)).append('\n');
        if (thread.waitingOn() != null) {
            out.append('\t').append(thread.waitingOn().describe()).append('\n');
        }
        for (StackFrame frame : thread.frames()) {
            out.append(FrameText.plain(frame)).append('\n');
        }
        switch (thread.origin()) {
            case RECORDED -> appendCreatedBy(out, thread.createdBy(), creationStacks);
            case BEFORE_RECORDING -> out.append(STARTED_BEFORE_RECORDING).append('\n');
            case NOT_YET_RECORDED -> out.append(notYetRecorded(thread)).append('\n');
            case NOT_TRACKED -> {
            }
        }
    }

    /** {@code created by: not yet recorded (started 120 ms ago)}. */
    static String notYetRecorded(ThreadSample thread) {
        return "created by: not yet recorded (started " + Math.max(0, thread.unrecordedForMillis()) + " ms ago)";
    }

    /** {@code thread 42 "worker-7-3" [WAITING, daemon]:}. */
    static String header(ThreadSample thread) {
        return "thread " + thread.id() + " \"" + thread.name() + "\" [" + thread.state()
                + (thread.daemon() ? ", daemon" : "") + (thread.virtual() ? ", virtual" : "") + "]:";
    }

    private static void appendCreatedBy(StringBuilder out, CreationSite site, CreationStacks creationStacks) {
        if (site == null) {
            out.append("created by: unknown").append('\n');
            return;
        }
        out.append(createdBy(site)).append('\n');
        List<StackFrame> elided = new ArrayList<>();
        for (StackFrame frame : site.frames()) {
            if (creationStacks == CreationStacks.APPLICATION && !ApplicationFrames.isApplication(frame)) {
                elided.add(frame);
                continue;
            }
            appendElided(out, elided);
            out.append('\t').append(FrameText.plain(frame)).append('\n');
        }
        appendElided(out, elided);
    }

    /** {@code created by dev.….WorkerPool.start(WorkerPool.java:75) in thread "http-31" #31}. */
    static String createdBy(CreationSite site) {
        StackFrame caller = ApplicationFrames.first(site.frames());
        return "created by " + (caller == null ? "unknown code" : FrameText.plain(caller)) + " in "
                + (site.parentName() == null ? "an unknown thread" : "thread \"" + site.parentName() + "\" #" + site.parentId());
    }

    /** {@code \t… 43 frames of io.javalin / org.eclipse.jetty}, then forgets them. */
    private static void appendElided(StringBuilder out, List<StackFrame> elided) {
        if (elided.isEmpty()) {
            return;
        }
        Set<String> packages = new LinkedHashSet<>();
        for (StackFrame frame : elided) {
            packages.add(packageOf(frame.className()));
        }
        List<String> named = new ArrayList<>(packages);
        String text = String.join(" / ", named.subList(0, Math.min(PACKAGES_NAMED, named.size())))
                + (named.size() > PACKAGES_NAMED ? " / …" : "");
        out.append("\t… ").append(elided.size()).append(elided.size() == 1 ? " frame of " : " frames of ")
                .append(text).append('\n');
        elided.clear();
    }

    /**
     * A library's package, to name it: two parts ({@code io.javalin}, {@code java.lang}), three
     * under {@code org.} and {@code com.} ({@code org.eclipse.jetty}).
     */
    static String packageOf(String className) {
        String[] parts = className.split("\\.");
        int keep = "org".equals(parts[0]) || "com".equals(parts[0]) ? 3 : 2;
        keep = Math.min(keep, parts.length - 1);
        return keep <= 0 ? className : String.join(".", java.util.Arrays.asList(parts).subList(0, keep));
    }
}
