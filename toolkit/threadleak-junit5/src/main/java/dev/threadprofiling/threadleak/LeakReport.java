package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.List;

/** Renders the failure message: goleak's "found unexpected goroutines:", with "created by". */
final class LeakReport {

    static final String HEADER = "found unexpected threads:";

    private LeakReport() {
    }

    static String render(String subject, List<LeakedThread> leaks, List<ThreadSample> unattributed,
            ThreadLeakOptions options, boolean creationKnown) {
        StringBuilder text = new StringBuilder();
        if (subject != null) {
            text.append(subject).append(": ");
        }
        text.append(HEADER).append('\n');
        for (LeakedThread leak : leaks) {
            text.append('\n');
            appendThread(text, leak.thread());
        }
        if (!unattributed.isEmpty()) {
            text.append('\n').append(unattributedNote(unattributed)).append('\n');
        }
        text.append('\n').append(leaks.size()).append(leaks.size() == 1 ? " thread" : " threads")
                .append(" still alive after ").append(options.budget().toMillis()).append(" ms");
        if (!creationKnown) {
            text.append("; \"created by\" may be incomplete: the JFR stream had not caught up");
        }
        text.append(options.interruptsLeaked() ? "; interrupted them" : "")
                .append(". Stop them before the test ends (shutdown() and awaitTermination(), cancel(), join()),")
                .append(" or ignore them with a ThreadLeakOptions ignore option.");
        return text.toString();
    }

    /** A note for threads that may be leaks but that no test can be blamed for. */
    static String unattributedNote(List<ThreadSample> unattributed) {
        StringBuilder text = new StringBuilder("also alive, not attributed to this test (their start could not be ")
                .append("traced to any test's thread, so no test is blamed):");
        for (ThreadSample thread : unattributed) {
            text.append("\n  \"").append(thread.name()).append("\" #").append(thread.id()).append(' ')
                    .append(thread.state());
            StackFrame top = thread.topFrame();
            if (top != null) {
                text.append(" at ").append(top);
            }
        }
        return text.toString();
    }

    static void appendThread(StringBuilder text, ThreadSample thread) {
        text.append("Thread \"").append(thread.name()).append("\" #").append(thread.id()).append(' ')
                .append(thread.state()).append(", ").append(thread.daemon() ? "daemon" : "non-daemon")
                .append(", ").append(thread.virtual() ? "virtual" : "platform").append('\n');
        if (thread.waitingOn() != null) {
            text.append("  ").append(thread.waitingOn().describe()).append('\n');
        }
        if (thread.frames().isEmpty()) {
            text.append("    (no Java frames)\n");
        }
        for (StackFrame frame : thread.frames()) {
            text.append("    at ").append(frame).append('\n');
        }
        CreationSite site = thread.createdBy();
        if (site != null) {
            StackFrame where = firstApplicationFrame(site);
            text.append("  created by ").append(where == null ? "unknown code" : where.toString()).append(" in ")
                    .append(site.parentName() == null ? "an unknown thread"
                            : "thread \"" + site.parentName() + "\" #" + site.parentId())
                    .append('\n');
            List<StackFrame> frames = site.frames();
            int shown = framesUpToTheTestRunner(frames);
            for (StackFrame frame : frames.subList(0, shown)) {
                text.append("    at ").append(frame).append('\n');
            }
            if (shown < frames.size()) {
                text.append("    ... ").append(frames.size() - shown).append(" frames of the test runner\n");
            }
        } else {
            text.append("  created by: ").append(switch (thread.origin()) {
                case BEFORE_RECORDING -> "not known (started before the JFR thread-start recording began)";
                case NOT_TRACKED -> thread.virtual()
                        ? "not known (JFR's jdk.ThreadStart covers platform threads only)"
                        : "not known (JFR is not available in this JVM)";
                case NOT_YET_RECORDED -> "not yet recorded (started " + thread.unrecordedForMillis() + " ms ago)";
                case RECORDED -> "not known";
            }).append('\n');
        }
    }

    /** How many creation frames to show: those above the test runner's reflective call into the test. */
    static int framesUpToTheTestRunner(List<StackFrame> frames) {
        boolean seenApplication = false;
        for (int i = 0; i < frames.size(); i++) {
            String className = frames.get(i).className();
            if (seenApplication && (className.startsWith("jdk.internal.reflect.")
                    || className.startsWith("java.lang.reflect.") || className.startsWith("org.junit.")
                    || className.startsWith("org.apache.maven.surefire."))) {
                return i;
            }
            seenApplication |= frames.get(i).isApplication();
        }
        return frames.size();
    }

    /** The first application frame of the creation stack (see {@link CreationSite#caller()}). */
    static StackFrame firstApplicationFrame(CreationSite site) {
        return site.caller();
    }
}
