package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.GroupDiff;
import java.util.List;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;

/**
 * pprof's {@code -base} for thread groups as text: the changes {@link GroupDiff} finds.
 *
 * <pre>
 * total 23 -> 1243 (+1220)
 * +1200  WAITING  worker-*-*  WorkerPool.work(WorkerPool.java:57)
 *   +20  WAITING  producer-*  WorkerPool.lambda$start$0(WorkerPool.java:44)
 * </pre>
 */
final class DiffReport {

    private DiffReport() {
    }

    static String render(ThreadProfile base, ThreadProfile profile, boolean stacks) {
        List<GroupDiff.Change> changes = GroupDiff.between(base, profile);
        StringBuilder out = new StringBuilder();
        out.append(GroupDiff.totals(base, profile)).append('\n');
        int deltaWidth = changes.stream().mapToInt(c -> signed(c.delta()).length()).max().orElse(0);
        int stateWidth = changes.stream().mapToInt(c -> c.stateText().length()).max().orElse(0);
        int nameWidth = changes.stream().mapToInt(c -> c.namePattern().length()).max().orElse(0);
        for (GroupDiff.Change change : changes) {
            String line = pad(signed(change.delta()), deltaWidth, true) + "  " + pad(change.stateText(), stateWidth, false)
                    + "  " + pad(change.namePattern(), nameWidth, false) + "  "
                    + FrameText.simple(change.sample().firstApplicationFrame());
            out.append(line.stripTrailing()).append('\n');
            if (stacks) {
                for (StackFrame frame : change.sample().frames()) {
                    out.append("#\t").append(FrameText.plain(frame)).append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String signed(int value) {
        return GroupDiff.signed(value);
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
