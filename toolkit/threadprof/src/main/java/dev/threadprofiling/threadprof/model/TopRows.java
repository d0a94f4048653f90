package dev.threadprofiling.threadprof.model;

import java.math.BigDecimal;
import java.math.MathContext;
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
 * threads for a thread profile, delay (or the count) for a contention one. {@code threadprof top} prints
 * these rows, the web view draws them.
 *
 * <pre>{@code
 * List<TopRows.Row> rows = TopRows.of(profile.weighted(), 1);   // by delay
 * }</pre>
 */
public final class TopRows {

    /** One function: its flat and cum weight. */
    public record Row(String function, long flat, long cum) {
    }

    private TopRows() {
    }

    /** The rows of {@code profile} weighed by its sample type {@code valueIndex}; functions of weight 0 left out. */
    public static List<Row> of(WeightedProfile profile, int valueIndex) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (WeightedProfile.Sample sample : profile.samples()) {
            if (sample.frames().isEmpty()) {
                continue;
            }
            long value = sample.values().get(valueIndex);
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

    /** The total of sample type {@code valueIndex} over every sample. */
    public static long total(WeightedProfile profile, int valueIndex) {
        long total = 0;
        for (WeightedProfile.Sample sample : profile.samples()) {
            total += sample.values().get(valueIndex);
        }
        return total;
    }

    /** As pprof prints it: {@code 100%}, {@code 96.54%}, or two significant digits below 1%. */
    public static String percentage(long value, long total) {
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
        return new BigDecimal(ratio).round(new MathContext(2)).stripTrailingZeros().toPlainString() + "%";
    }
}
