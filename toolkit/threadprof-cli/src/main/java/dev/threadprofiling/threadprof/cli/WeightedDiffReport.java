package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.TopRows;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pprof's {@code -base} for weighted stacks (two windows of a block, mutex or pinned profile): per stack, how much
 * each value grew or shrank, matched by stack alone, so waits on one line behind different owners count
 * as one place.
 *
 * <pre>
 * delay 1.20s -> 3.40s (+2.20s), contentions 10 -> 30 (+20)
 * +2.20s  +20  PriceList.price(PriceList.java:31)  lock=dev.example.PriceList
 * </pre>
 * Growth first (largest first, by the chosen sample type), then losses; the frame is the first
 * application frame of the stack, the lock the newer window's.
 */
final class WeightedDiffReport {

    private WeightedDiffReport() {
    }

    /** One stack's values in both profiles. */
    private record Change(List<StackFrame> frames, long[] before, long[] after, Map<String, String> labels) {

        long delta(int index) {
            return after[index] - before[index];
        }
    }

    static String render(WeightedProfile base, WeightedProfile profile, SampleValues values, boolean stacks) {
        if (!base.sampleTypes().equals(profile.sampleTypes())) {
            throw new IllegalArgumentException("BASE and SOURCE hold different sample types: " + types(base) + " and "
                    + types(profile));
        }
        int width = profile.sampleTypes().size();
        Map<List<StackFrame>, Change> byStack = new LinkedHashMap<>();
        for (WeightedProfile.Sample sample : profile.samples()) {
            add(byStack, sample, width, false);
        }
        for (WeightedProfile.Sample sample : base.samples()) {
            add(byStack, sample, width, true);
        }
        List<Change> changes = new ArrayList<>();
        for (Change change : byStack.values()) {
            for (int i = 0; i < width; i++) {
                if (change.delta(i) != 0) {
                    changes.add(change);
                    break;
                }
            }
        }
        int index = values.index();
        changes.sort(Comparator.comparing((Change c) -> c.delta(index) < 0)
                .thenComparing(c -> -Math.abs(c.delta(index)))
                .thenComparing(c -> c.frames().toString()));
        List<Integer> order = new ArrayList<>(List.of(index));
        for (int i = 0; i < width; i++) {
            if (i != index) {
                order.add(i);
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> totals = new ArrayList<>();
        for (int i : order) {
            long before = TopRows.total(base, i);
            long after = TopRows.total(profile, i);
            String unit = profile.sampleTypes().get(i).unit();
            totals.add(profile.sampleTypes().get(i).type() + " " + SampleValues.format(before, unit) + " -> "
                    + SampleValues.format(after, unit) + " (" + signed(after - before, unit) + ")");
        }
        out.append(String.join(", ", totals)).append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (Change change : changes) {
            List<String> row = new ArrayList<>();
            for (int i : order) {
                row.add(signed(change.delta(i), profile.sampleTypes().get(i).unit()));
            }
            row.add(FrameText.simple(ApplicationFrames.first(change.frames())));
            String lock = change.labels().get("lock");
            row.add(lock == null ? "" : "lock=" + lock);
            rows.add(row);
        }
        int[] widths = new int[order.size() + 1];
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(Math.max(0, (c < widths.length ? widths[c] : 0) - cell.length()));
                line.append(c < order.size() ? pad + cell : cell + pad).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (stacks) {
                for (StackFrame frame : changes.get(r).frames()) {
                    out.append("#\t").append(FrameText.plain(frame)).append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void add(Map<List<StackFrame>, Change> byStack, WeightedProfile.Sample sample, int width,
            boolean base) {
        Change change = byStack.computeIfAbsent(sample.frames(),
                frames -> new Change(frames, new long[width], new long[width], sample.labels()));
        long[] sums = base ? change.before() : change.after();
        for (int i = 0; i < width; i++) {
            sums[i] += sample.values().get(i);
        }
    }

    private static String signed(long value, String unit) {
        String text = SampleValues.format(value, unit);
        return value > 0 ? "+" + text : text;
    }

    private static List<String> types(WeightedProfile profile) {
        return profile.sampleTypes().stream().map(t -> t.type() + "/" + t.unit()).toList();
    }
}
