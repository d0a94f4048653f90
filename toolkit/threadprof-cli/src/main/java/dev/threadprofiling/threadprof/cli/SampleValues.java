package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.TopRows;
import dev.threadprofiling.threadprof.model.WeightedProfile;

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
        return TopRows.total(profile, index);
    }

    String format(long value) {
        return type.format(value);
    }

    /** {@code -2.20s}, {@code 250ms}: {@link WeightedProfile.ValueType#format(long, String)}. */
    static String format(long value, String unit) {
        return WeightedProfile.ValueType.format(value, unit);
    }
}
