package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pprof's {@code -base} for thread groups: the groups that grew or shrank between two profiles, matched by
 * state and normalised stack, never by thread name. Grown groups come first (largest growth first), then
 * shrunk ones (largest loss first). {@code threadprof diff} prints them, the web view's baseline draws them.
 *
 * <pre>{@code
 * for (GroupDiff.Change change : GroupDiff.between(base, now)) { change.delta(); change.namePattern(); }
 * }</pre>
 */
public final class GroupDiff {

    /**
     * One changed group.
     *
     * @param sample the group in the newer profile, or in the base when it is gone
     * @param names  the names of the threads that are new in the group, or all its names when none are
     */
    public record Change(int delta, StackGroup sample, List<String> names) {

        public String namePattern() {
            return ThreadNames.pattern(names).orElse(names.size() == 1 ? names.get(0) : ThreadNames.summary(names));
        }

        /** {@code WAITING}, or {@code WAITING virtual}. */
        public String stateText() {
            return sample.state() + (sample.virtual() ? " virtual" : "");
        }
    }

    private GroupDiff() {
    }

    public static List<Change> between(ThreadProfile base, ThreadProfile profile) {
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

    /** {@code +12}, {@code -3}, {@code 0}. */
    public static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    /** {@code total 23 -> 1243 (+1220)}. */
    public static String totals(ThreadProfile base, ThreadProfile profile) {
        return "total " + base.total() + " -> " + profile.total() + " (" + signed(profile.total() - base.total()) + ")";
    }

    private static Map<Key, StackGroup> byKey(ThreadProfile profile) {
        Map<Key, StackGroup> groups = new LinkedHashMap<>();
        for (StackGroup group : ThreadGrouping.group(profile)) {
            groups.put(new Key(group.state(), group.virtual(), group.frames()), group);
        }
        return groups;
    }

    private static List<String> names(StackGroup old, StackGroup group) {
        if (old == null) {
            return group.threadNames();
        }
        List<String> added = new ArrayList<>(group.threadNames());
        added.removeAll(old.threadNames());
        return added.isEmpty() ? group.threadNames() : added;
    }

    private record Key(String state, boolean virtual, List<StackFrame> frames) {
    }
}
