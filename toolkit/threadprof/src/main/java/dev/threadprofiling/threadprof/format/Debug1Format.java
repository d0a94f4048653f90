package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadProfile;

/**
 * pprof's {@code debug=1} text: the threads grouped by identical stack, largest group first.
 *
 * <pre>{@code
 * String text = Debug1Format.render(ThreadCapture.create().capture());
 * }</pre>
 *
 * <p>Output:
 * <pre>
 * thread profile: total 1243
 * 1200 @ WAITING worker-*-* (worker-1-1, worker-1-2, … 1198 more)
 * #	jdk.internal.misc.Unsafe.park(Native Method)
 * #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
 * #	dev.threadprofiling.workerpool.TaskQueue.take(TaskQueue.java:52)
 *
 * 20 @ WAITING producer-* (producer-5, producer-10, … 18 more)
 * #	...
 * </pre>
 * Each group is {@code K @ STATE} ({@code K @ STATE virtual} for virtual threads), the thread names
 * (see {@link ThreadNames#summary}), one {@code #<tab>frame} line per frame without the module
 * prefix, and a blank line, as Go prints it.
 */
public final class Debug1Format {

    private Debug1Format() {
    }

    public static String render(ThreadProfile profile) {
        StringBuilder out = new StringBuilder(256 + 200 * profile.total());
        out.append("thread profile: total ").append(profile.total()).append('\n');
        DeadlockText.append(out, profile);
        for (StackGroup group : ThreadGrouping.group(profile)) {
            out.append(header(group)).append('\n');
            for (StackFrame frame : group.frames()) {
                out.append("#\t").append(FrameText.plain(frame)).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code 1200 @ WAITING worker-*-* (worker-1-1, worker-1-2, … 1198 more)}. */
    static String header(StackGroup group) {
        return group.count() + " @ " + group.state() + (group.virtual() ? " virtual" : "") + " " + group.nameSummary();
    }
}
