package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * pprof's {@code top} for threads: each function with the threads whose innermost frame it is (flat) and the
 * threads with it anywhere on the stack (cum), by flat, largest first.
 *
 * <pre>
 * Showing nodes accounting for 1243, 100% of 1243 total
 *       flat  flat%   sum%        cum   cum%
 *       1232 99.12% 99.12%       1232 99.12%  jdk.internal.misc.Unsafe.park
 * </pre>
 */
final class TopReport {

    record Row(String function, int flat, int cum) {
    }

    private TopReport() {
    }

    static List<Row> rows(ThreadProfile profile) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ThreadSample thread : profile.threads()) {
            StackFrame top = thread.topFrame();
            if (top == null) {
                continue;
            }
            counts.computeIfAbsent(top.function(), f -> new int[2])[0]++;
            Set<String> onStack = new HashSet<>();
            for (StackFrame frame : thread.frames()) {
                if (onStack.add(frame.function())) {
                    counts.computeIfAbsent(frame.function(), f -> new int[2])[1]++;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((function, c) -> rows.add(new Row(function, c[0], c[1])));
        rows.sort(Comparator.comparingInt(Row::flat).reversed()
                .thenComparing(Comparator.comparingInt(Row::cum).reversed())
                .thenComparing(Row::function));
        return rows;
    }

    static String render(ThreadProfile profile, int limit) {
        List<Row> rows = rows(profile);
        List<Row> shown = rows.subList(0, Math.min(limit, rows.size()));
        int total = profile.total();
        int shownFlat = shown.stream().mapToInt(Row::flat).sum();
        StringBuilder out = new StringBuilder();
        out.append("Showing nodes accounting for ").append(shownFlat).append(", ")
                .append(percentage(shownFlat, total).strip()).append(" of ").append(total).append(" total\n");
        if (shown.size() < rows.size()) {
            out.append("Showing top ").append(shown.size()).append(" nodes out of ").append(rows.size()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%10s %6s %6s %10s %6s%n", "flat", "flat%", "sum%", "cum", "cum%"));
        int sum = 0;
        for (Row row : shown) {
            sum += row.flat();
            out.append(String.format(Locale.ROOT, "%10d %6s %6s %10d %6s  %s%n", row.flat(), percentage(row.flat(), total),
                    percentage(sum, total), row.cum(), percentage(row.cum(), total), row.function()));
        }
        return out.toString();
    }

    /** As pprof prints it: {@code 100%}, {@code 96.54%}, or two significant digits below 1%. */
    static String percentage(int value, int total) {
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
