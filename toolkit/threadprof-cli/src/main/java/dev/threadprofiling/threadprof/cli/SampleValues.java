package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.Locale;

/**
 * One sample type of a profile, as the reports print its values: counts as integers, nanoseconds
 * scaled as pprof scales them ({@code 4.32s}, {@code 250ms}, {@code 12us}).
 *
 * @param index the sample type's index in each sample's values
 * @param type  the sample type
 */
record SampleValues(int index, WeightedProfile.ValueType type) {

    static SampleValues of(LoadedProfile profile, String name) {
        int index = profile.sampleIndex(name);
        return new SampleValues(index, profile.weighted().sampleTypes().get(index));
    }

    long of(WeightedProfile.Sample sample) {
        return sample.values().get(index);
    }

    long total(WeightedProfile profile) {
        long total = 0;
        for (WeightedProfile.Sample sample : profile.samples()) {
            total += of(sample);
        }
        return total;
    }

    String format(long value) {
        return format(value, type.unit());
    }

    /** {@code -2.20s}, {@code 250ms}: the largest of s, ms, us, ns that keeps the value at least 1, as pprof's labels. */
    static String format(long value, String unit) {
        if (!unit.equals("nanoseconds")) {
            return Long.toString(value);
        }
        long magnitude = Math.abs(value);
        double scaled;
        String suffix;
        if (magnitude >= 1_000_000_000L) {
            scaled = value / 1e9;
            suffix = "s";
        } else if (magnitude >= 1_000_000L) {
            scaled = value / 1e6;
            suffix = "ms";
        } else if (magnitude >= 1_000L) {
            scaled = value / 1e3;
            suffix = "us";
        } else {
            return value == 0 ? "0" : value + "ns";
        }
        String text = String.format(Locale.ROOT, "%.2f", scaled);
        return (text.endsWith(".00") ? text.substring(0, text.length() - 3) : text) + suffix;
    }
}
