package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.List;

/**
 * What a SOURCE held: every profile as weighted stacks (the shape {@code top} and {@code list} read), and
 * for a thread profile also its threads, which {@code traces} and {@code diff} group by state and name.
 *
 * @param weighted the profile's weighted stacks: {@code threads/count}, or {@code contentions/count}
 *                 (or {@code pinnings/count}) and {@code delay/nanoseconds}
 * @param threads  the thread profile, or {@code null} for a block, mutex or pinned profile
 */
record LoadedProfile(WeightedProfile weighted, ThreadProfile threads) {

    static LoadedProfile of(ThreadProfile threads) {
        return new LoadedProfile(WeightedProfile.threadCounts(threads), threads);
    }

    static LoadedProfile of(ContentionProfile contention) {
        return new LoadedProfile(contention.weighted(), null);
    }

    /**
     * The index of the sample type named {@code name} ({@code delay}, {@code contentions}, {@code pinnings}), or of the
     * last one when {@code name} is {@code null}, as pprof's {@code -sample_index}.
     */
    int sampleIndex(String name) {
        List<WeightedProfile.ValueType> types = weighted.sampleTypes();
        if (name == null) {
            return types.size() - 1;
        }
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).type().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("--sample-index must be one of "
                + types.stream().map(WeightedProfile.ValueType::type).toList() + ", not \"" + name + "\"");
    }
}
