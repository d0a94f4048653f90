package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.TopRows;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.List;
import java.util.Locale;

/**
 * pprof's {@code top} as text: the rows of {@link TopRows}, weighed by one sample type (threads for a thread
 * profile, delay or the count for a contention profile).
 *
 * <pre>
 * Showing nodes accounting for 1243, 100% of 1243 total
 *       flat  flat%   sum%        cum   cum%
 *       1232 99.12% 99.12%       1232 99.12%  jdk.internal.misc.Unsafe.park
 * </pre>
 */
final class TopReport {

    private TopReport() {
    }

    static List<TopRows.Row> rows(WeightedProfile profile, SampleValues values) {
        return TopRows.of(profile, values.index());
    }

    static String render(LoadedProfile loaded, SampleValues values, int limit) {
        WeightedProfile profile = loaded.weighted();
        List<TopRows.Row> rows = rows(profile, values);
        List<TopRows.Row> shown = rows.subList(0, Math.min(limit, rows.size()));
        long total = values.total(profile);
        long shownFlat = shown.stream().mapToLong(TopRows.Row::flat).sum();
        StringBuilder out = new StringBuilder(typeLine(profile, values));
        out.append("Showing nodes accounting for ").append(values.format(shownFlat)).append(", ")
                .append(percentage(shownFlat, total).strip()).append(" of ").append(values.format(total))
                .append(" total\n");
        if (shown.size() < rows.size()) {
            out.append("Showing top ").append(shown.size()).append(" nodes out of ").append(rows.size()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%10s %6s %6s %10s %6s%n", "flat", "flat%", "sum%", "cum", "cum%"));
        long sum = 0;
        for (TopRows.Row row : shown) {
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

    static String percentage(long value, long total) {
        return TopRows.percentage(value, total);
    }
}
