package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * pprof's {@code -traces} for weighted stacks (a block, mutex or pinned profile): each sample, largest first, with
 * its labels ({@code event}, {@code lock}, {@code owner}), its other values, then its frames, the first one
 * carrying the sample's weight.
 *
 * <pre>
 * Type: delay
 * -----------+-------------------------------------------------------
 *      event:  jdk.JavaMonitorEnter
 *       lock:  dev.example.PriceList
 *      owner:  http-3
 * contentions:  52
 *      4.32s   dev.example.PriceList.price(PriceList.java:31)
 *              dev.example.Handler.handle(Handler.java:12)
 * -----------+-------------------------------------------------------
 * </pre>
 * A thread profile's traces are {@code Debug1Format}'s groups instead, which carry thread names.
 */
final class TracesReport {

    private static final String RULE = "-----------+-------------------------------------------------------\n";

    private TracesReport() {
    }

    static String render(WeightedProfile profile, SampleValues values) {
        List<WeightedProfile.Sample> samples = new ArrayList<>(profile.samples());
        samples.sort(Comparator.comparingLong((WeightedProfile.Sample s) -> values.of(s)).reversed());
        StringBuilder out = new StringBuilder(TopReport.typeLine(profile, values));
        for (String comment : profile.comments()) {
            out.append(comment).append('\n');
        }
        for (WeightedProfile.Sample sample : samples) {
            out.append(RULE);
            sample.labels().forEach((key, value) -> out.append(String.format(Locale.ROOT, "%10s:  %s%n", key, value)));
            for (int i = 0; i < profile.sampleTypes().size(); i++) {
                if (i != values.index()) {
                    WeightedProfile.ValueType type = profile.sampleTypes().get(i);
                    out.append(String.format(Locale.ROOT, "%10s:  %s%n", type.type(),
                            SampleValues.format(sample.values().get(i), type.unit())));
                }
            }
            String weight = values.format(values.of(sample));
            if (sample.frames().isEmpty()) {
                out.append(String.format(Locale.ROOT, "%10s   (no frames)%n", weight));
            }
            for (int i = 0; i < sample.frames().size(); i++) {
                out.append(String.format(Locale.ROOT, "%10s   %s%n", i == 0 ? weight : "",
                        FrameText.plain(sample.frames().get(i))));
            }
        }
        out.append(RULE);
        return out.toString();
    }
}
