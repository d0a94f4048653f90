package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pprof's {@code -base} for thread groups: the groups that grew or shrank between two profiles, matched by
 * state and normalised stack, never by thread name.
 *
 * <pre>
 * total 23 -> 1243 (+1220)
 * +1200  WAITING  worker-*-*  WorkerPool.work(WorkerPool.java:57)
 *   +20  WAITING  producer-*  WorkerPool.lambda$start$0(WorkerPool.java:44)
 * </pre>
 * Grown groups come first (largest growth first), then shrunk ones (largest loss first).
 */
final class DiffReport {

    /** One changed group; {@code sample} is the group in the newer profile, or in the base when it is gone. */
    record Change(int delta, StackGroup sample, List<String> names) {

        String namePattern() {
            return ThreadNames.pattern(names).orElse(names.size() == 1 ? names.get(0) : ThreadNames.summary(names));
        }
    }

    private DiffReport() {
    }

    static List<Change> changes(ThreadProfile base, ThreadProfile profile) {
        Map<Key, StackGroup> before = byKey(base);
        Map<Key, StackGroup> after = byKey(profile);
        List<Change> changes = new ArrayList<>();
        after.forEach((key, group) -> {
            StackGroup old = before.get(key);
            int delta = group.count() - (old == null ? 0 : old.count());
            if (delta != 0) {
                changes.add(new Change(delta, group, names(old, group)));
            }
        });
        before.forEach((key, group) -> {
            if (!after.containsKey(key)) {
                changes.add(new Change(-group.count(), group, group.threadNames()));
            }
        });
        changes.sort(Comparator.comparing((Change c) -> c.delta() < 0)
                .thenComparing(c -> -Math.abs(c.delta()))
                .thenComparing(c -> c.sample().stackText()));
        return changes;
    }

    static String render(ThreadProfile base, ThreadProfile profile, boolean stacks) {
        List<Change> changes = changes(base, profile);
        StringBuilder out = new StringBuilder();
        out.append("total ").append(base.total()).append(" -> ").append(profile.total())
                .append(" (").append(signed(profile.total() - base.total())).append(")\n");
        int deltaWidth = changes.stream().mapToInt(c -> signed(c.delta()).length()).max().orElse(0);
        int stateWidth = changes.stream().mapToInt(c -> stateText(c).length()).max().orElse(0);
        int nameWidth = changes.stream().mapToInt(c -> c.namePattern().length()).max().orElse(0);
        for (Change change : changes) {
            String line = pad(signed(change.delta()), deltaWidth, true) + "  " + pad(stateText(change), stateWidth, false)
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

    private static Map<Key, StackGroup> byKey(ThreadProfile profile) {
        Map<Key, StackGroup> groups = new LinkedHashMap<>();
        for (StackGroup group : ThreadGrouping.group(profile)) {
            groups.put(new Key(group.state(), group.virtual(), group.frames()), group);
        }
        return groups;
    }

    /** The names of the threads that are new in this group, or all its names when none are. */
    private static List<String> names(StackGroup old, StackGroup group) {
        if (old == null) {
            return group.threadNames();
        }
        List<String> added = new ArrayList<>(group.threadNames());
        added.removeAll(old.threadNames());
        return added.isEmpty() ? group.threadNames() : added;
    }

    private static String stateText(Change change) {
        return change.sample().state() + (change.sample().virtual() ? " virtual" : "");
    }

    static String signed(int value) {
        return value > 0 ? "+" + value : Integer.toString(value);
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private record Key(String state, boolean virtual, List<StackFrame> frames) {
    }
}
