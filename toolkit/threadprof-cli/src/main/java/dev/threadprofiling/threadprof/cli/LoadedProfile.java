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
 * @param threads    the thread profile, or {@code null} for a block, mutex or pinned profile
 * @param contention the block, mutex or pinned profile, or {@code null} for a thread profile
 */
record LoadedProfile(WeightedProfile weighted, ThreadProfile threads, ContentionProfile contention) {

    static LoadedProfile of(ThreadProfile threads) {
        return new LoadedProfile(WeightedProfile.threadCounts(threads), threads, null);
    }

    static LoadedProfile of(ContentionProfile contention) {
        return new LoadedProfile(contention.weighted(), null, contention);
    }

    /** {@code threads}, {@code block} or {@code mutex}: the profile's name in the web view and in its path. */
    String name() {
        return threads != null ? "threads" : contention.kind().pathName();
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
