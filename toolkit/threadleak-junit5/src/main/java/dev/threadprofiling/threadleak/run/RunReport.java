package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Deadlocks;
import dev.threadprofiling.threadleak.LeakReport;
import dev.threadprofiling.threadleak.LeakedThread;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a run found, for a person ({@code threadleak-report.txt}, the stderr summary, the failure
 * message) and for tools ({@code threadleak-report.json}).
 */
final class RunReport {

    static final String TEXT_FILE = "threadleak-report.txt";
    static final String JSON_FILE = "threadleak-report.json";

    private final RunSettings settings;
    /** How many test plans the report covers: Surefire runs failing tests again in new plans of the same session. */
    private final int plans;
    private final long endWaitNanos;
    private final List<Suspect> leaked = new ArrayList<>();
    private final List<Suspect> lingering = new ArrayList<>();
    private final List<Suspect> undecided = new ArrayList<>();
    private final List<Suspect> ignored = new ArrayList<>();

    RunReport(RunSettings settings, List<Suspect> suspects, int plans, long endWaitNanos) {
        this.settings = settings;
        this.plans = plans;
        this.endWaitNanos = endWaitNanos;
        for (Suspect suspect : suspects) {
            switch (suspect.status) {
                case LEAKED -> leaked.add(suspect);
                case LINGERING -> lingering.add(suspect);
                case PENDING -> undecided.add(suspect);
                case IGNORED -> ignored.add(suspect);
            }
        }
    }

    int leakCount() {
        return leaked.size();
    }

    /** The fail-mode message for these leaks: the same grouped text as the report. */
    static String failure(String subject, List<Suspect> leaks, RunSettings settings) {
        StringBuilder text = new StringBuilder(subject).append(": ").append(LeakReport.HEADER).append('\n');
        LeakReport.appendGroups(text, LeakReport.group(entries(leaks)), true);
        Deadlocks.append(text, Deadlocks.among(ids(leaks)));
        text.append('\n').append(leaks.size()).append(leaks.size() == 1 ? " thread" : " threads")
                .append(" still alive ").append(graceText(settings))
                .append(" after their test ended. Stop them before the test ends (shutdown() and awaitTermination(),")
                .append(" cancel(), join()), or switch on a preset (threadleak.presets) if a library keeps them on purpose.");
        return text.toString();
    }

    /** The fail-mode error for these leaks. */
    static ThreadLeakError error(String subject, List<Suspect> leaks, RunSettings settings) {
        List<LeakedThread> threads = new ArrayList<>();
        for (Suspect leak : leaks) {
            if (leak.sample != null) {
                threads.add(new LeakedThread(leak.sample));
            }
        }
        return new ThreadLeakError(failure(subject, leaks, settings), threads);
    }

    /** A few lines for stderr: the counts, one line per leaked (and undecided) group, the report's absolute path. */
    String summary(Path textFile) {
        StringBuilder text = new StringBuilder("[threadleak] ").append(counts());
        for (LeakReport.Group group : LeakReport.group(entries(leaked))) {
            text.append("\n[threadleak]   ").append(LeakReport.groupLine(group, true));
        }
        for (LeakReport.Group group : LeakReport.group(entries(undecided))) {
            text.append("\n[threadleak]   undecided: ").append(LeakReport.groupLine(group, true));
        }
        text.append("\n[threadleak] end of the run: waited ").append(TimeUnit.NANOSECONDS.toMillis(endWaitNanos))
                .append(" ms for suspects still in their grace period")
                .append(settings.waitsAtTheEnd() ? "" : " (" + RunSettings.END_WAIT + "=false: none)");
        text.append("\n[threadleak] report: ").append(textFile == null ? "(not written)" : textFile.toAbsolutePath());
        return text.toString();
    }

    /** Never "0 leaked" while threads are undecided: the count says they may be leaks. */
    private String counts() {
        String grace = graceText(settings);
        String leaks = leaked.size() + (leaked.size() == 1 ? " thread" : " threads") + " leaked (alive " + grace
                + " after their test)";
        if (!undecided.isEmpty()) {
            leaks += " and " + undecided.size() + " undecided that may be leaks (alive when the run ended, first seen less than "
                    + grace + " before it; " + RunSettings.END_WAIT + "=false)";
        }
        return leaks + ", " + lingering.size() + " lingering (ended within " + grace + ")"
                + (plans > 1 ? ", over " + plans + " test plans (reruns of failing tests add theirs)" : "");
    }

    String text() {
        StringBuilder text = new StringBuilder("threadleak report (mode=")
                .append(settings.mode().name().toLowerCase()).append(", scope=")
                .append(settings.scope().name().toLowerCase()).append(", grace ").append(graceText(settings))
                .append(")\n").append(counts()).append('\n');
        if (!leaked.isEmpty()) {
            text.append("\n== Leaked: still alive ").append(graceText(settings)).append(" after they were first seen\n");
            LeakReport.appendGroups(text, LeakReport.group(entries(leaked)), true);
            Deadlocks.append(text, Deadlocks.among(ids(leaked)));
        }
        if (!undecided.isEmpty()) {
            text.append("\n== Undecided: alive when the run ended, first seen less than ").append(graceText(settings))
                    .append(" before (").append(RunSettings.END_WAIT).append("=false): may be leaks\n");
            LeakReport.appendGroups(text, LeakReport.group(entries(undecided)), true);
        }
        if (!lingering.isEmpty()) {
            text.append("\n== Lingering: ended within ").append(graceText(settings)).append(", not leaks\n");
            appendLines(text, lingering);
        }
        if (!ignored.isEmpty()) {
            text.append("\n== Ignored: alive, but known noise\n");
            for (Suspect suspect : ignored) {
                text.append("\"").append(suspect.name).append("\": ").append(suspect.ignoredBecause).append('\n');
            }
        }
        return text.toString();
    }

    private static void appendLines(StringBuilder text, List<Suspect> suspects) {
        for (LeakReport.Group group : LeakReport.group(entries(suspects))) {
            text.append(LeakReport.groupLine(group, true)).append('\n');
        }
    }

    String json() {
        StringBuilder json = new StringBuilder("{\n  \"mode\": ").append(quote(settings.mode().name().toLowerCase()))
                .append(",\n  \"scope\": ").append(quote(settings.scope().name().toLowerCase()))
                .append(",\n  \"graceMillis\": ").append(settings.grace().toMillis())
                .append(",\n  \"testPlans\": ").append(plans)
                .append(",\n  \"endWaitMillis\": ").append(TimeUnit.NANOSECONDS.toMillis(endWaitNanos))
                .append(",\n  \"counts\": {\"leaked\": ").append(leaked.size())
                .append(", \"lingering\": ").append(lingering.size())
                .append(", \"undecided\": ").append(undecided.size())
                .append(", \"ignored\": ").append(ignored.size()).append("},\n  \"threads\": [");
        List<Suspect> all = new ArrayList<>();
        all.addAll(leaked);
        all.addAll(undecided);
        all.addAll(lingering);
        all.addAll(ignored);
        for (int i = 0; i < all.size(); i++) {
            Suspect s = all.get(i);
            ThreadSample sample = s.sample;
            StackFrame creator = entries(List.of(s)).get(0).creator();
            StackFrame top = s.creation == null ? null : s.creation.topFrame();
            json.append(i == 0 ? "\n" : ",\n").append("    {\"status\": ").append(quote(s.status == Suspect.Status.PENDING
                    ? "undecided" : s.status.name().toLowerCase()))
                    .append(", \"name\": ").append(quote(s.name)).append(", \"id\": ").append(s.id)
                    .append(", \"virtual\": ").append(s.virtual)
                    .append(", \"test\": ").append(quote(s.ownerOrFirstClaim().name()))
                    .append(", \"createdBy\": ").append(creator == null ? "null" : quote(creator.toString()))
                    .append(", \"createdByTopFrame\": ").append(top == null ? "null" : quote(top.toString()));
            if (s.endedWithinNanos >= 0) {
                json.append(", \"endedWithinMillis\": ").append(TimeUnit.NANOSECONDS.toMillis(s.endedWithinNanos));
            }
            if (s.ignoredBecause != null) {
                json.append(", \"ignoredBecause\": ").append(quote(s.ignoredBecause));
            }
            if (sample != null && (s.status == Suspect.Status.LEAKED || s.status == Suspect.Status.PENDING)) {
                json.append(", \"state\": ").append(quote(sample.state())).append(", \"stack\": [");
                for (int f = 0; f < sample.frames().size(); f++) {
                    json.append(f == 0 ? "" : ", ").append(quote(sample.frames().get(f).toString()));
                }
                json.append(']');
            }
            json.append('}');
        }
        return json.append("\n  ]\n}\n").toString();
    }

    /** Writes both files into the report directory; returns the text file's path. */
    Path write() throws IOException {
        Files.createDirectories(settings.reportDir());
        Path textFile = settings.reportDir().resolve(TEXT_FILE);
        Files.writeString(textFile, text());
        Files.writeString(settings.reportDir().resolve(JSON_FILE), json());
        return textFile;
    }

    private static List<Long> ids(List<Suspect> suspects) {
        return suspects.stream().map(s -> s.id).toList();
    }

    static List<LeakReport.Entry> entries(List<Suspect> suspects) {
        List<LeakReport.Entry> entries = new ArrayList<>();
        for (Suspect s : suspects) {
            Suspect.Owner owner = s.ownerOrFirstClaim();
            entries.add(new LeakReport.Entry(s.name, s.sample,
                    s.sample != null && s.sample.createdBy() != null ? s.sample.createdBy() : s.creation,
                    owner.name(), owner.className()));
        }
        return entries;
    }

    private static String graceText(RunSettings settings) {
        long millis = settings.grace().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
