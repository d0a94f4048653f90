package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * pprof's {@code top}: each function with the weight of the samples whose innermost frame it is (flat) and of
 * the samples with it anywhere on the stack (cum), by flat, largest first. The weight is one sample type:
 * threads for a thread profile, delay (or the count) for a contention profile.
 *
 * <pre>
 * Showing nodes accounting for 1243, 100% of 1243 total
 *       flat  flat%   sum%        cum   cum%
 *       1232 99.12% 99.12%       1232 99.12%  jdk.internal.misc.Unsafe.park
 * </pre>
 */
final class TopReport {

    record Row(String function, long flat, long cum) {
    }

    private TopReport() {
    }

    static List<Row> rows(WeightedProfile profile, SampleValues values) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (WeightedProfile.Sample sample : profile.samples()) {
            if (sample.frames().isEmpty()) {
                continue;
            }
            long value = values.of(sample);
            sums.computeIfAbsent(sample.frames().get(0).function(), f -> new long[2])[0] += value;
            Set<String> onStack = new HashSet<>();
            for (StackFrame frame : sample.frames()) {
                if (onStack.add(frame.function())) {
                    sums.computeIfAbsent(frame.function(), f -> new long[2])[1] += value;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        sums.forEach((function, c) -> {
            if (c[1] != 0) {
                rows.add(new Row(function, c[0], c[1]));
            }
        });
        rows.sort(Comparator.comparingLong(Row::flat).reversed()
                .thenComparing(Comparator.comparingLong(Row::cum).reversed())
                .thenComparing(Row::function));
        return rows;
    }

    static String render(LoadedProfile loaded, SampleValues values, int limit) {
        WeightedProfile profile = loaded.weighted();
        List<Row> rows = rows(profile, values);
        List<Row> shown = rows.subList(0, Math.min(limit, rows.size()));
        long total = values.total(profile);
        long shownFlat = shown.stream().mapToLong(Row::flat).sum();
        StringBuilder out = new StringBuilder(typeLine(profile, values));
        out.append("Showing nodes accounting for ").append(values.format(shownFlat)).append(", ")
                .append(percentage(shownFlat, total).strip()).append(" of ").append(values.format(total))
                .append(" total\n");
        if (shown.size() < rows.size()) {
            out.append("Showing top ").append(shown.size()).append(" nodes out of ").append(rows.size()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%10s %6s %6s %10s %6s%n", "flat", "flat%", "sum%", "cum", "cum%"));
        long sum = 0;
        for (Row row : shown) {
            sum += row.flat();
            out.append(String.format(Locale.ROOT, "%10s %6s %6s %10s %6s  %s%n", values.format(row.flat()),
                    percentage(row.flat(), total), percentage(sum, total), values.format(row.cum()),
                    percentage(row.cum(), total), row.function()));
        }
        return out.toString();
    }

    /** {@code Type: delay} when the profile has more than one sample type (pprof's header line); else nothing. */
    static String typeLine(WeightedProfile profile, SampleValues values) {
        return profile.sampleTypes().size() > 1 ? "Type: " + values.type().type() + "\n" : "";
    }

    /** As pprof prints it: {@code 100%}, {@code 96.54%}, or two significant digits below 1%. */
    static String percentage(long value, long total) {
        double ratio = total == 0 ? 0 : 100.0 * value / total;
        if (ratio >= 99.95 && ratio <= 100.05) {
            return "100%";
        }
        if (ratio >= 1.0) {
            return String.format(Locale.ROOT, "%.2f%%", ratio);
        }
        if (ratio == 0) {
            return "0%";
        }
        return new java.math.BigDecimal(ratio).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString() + "%";
    }
}
