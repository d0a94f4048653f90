package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * pprof's {@code list REGEX}: the source of each matching function, each line with the weight (threads, or
 * delay or contentions) of the samples whose innermost frame is on it (flat) and of the samples with it
 * anywhere on the stack (cum).
 *
 * <pre>
 * Total: 1243
 * ROUTINE ======================== dev.threadprofiling.workerpool.WorkerPool.work in /…/WorkerPool.java
 *          0       1200 (flat, cum) 96.54% of Total
 *          .          .     55:    private void work() {
 *          .       1200     57:            Task task = queue.take();
 * </pre>
 * The method's lines are found from its declaration above the first line with threads to its closing brace;
 * where that fails (lambdas), a few lines around the lines with threads are shown.
 */
final class ListReport {

    private static final int CONTEXT = 4;
    private static final int MAX_METHOD_LINES = 400;

    private ListReport() {
    }

    /** Per function: line → {flat, cum}. */
    private record Routine(StackFrame anyFrame, Map<Integer, long[]> lines, long flat, long cum) {
    }

    static String render(LoadedProfile loaded, SampleValues values, Pattern regex, List<Path> roots,
            StringBuilder notes) {
        WeightedProfile profile = loaded.weighted();
        Map<String, Map<Integer, long[]>> byFunction = new TreeMap<>();
        Map<String, StackFrame> frames = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        for (WeightedProfile.Sample sample : profile.samples()) {
            long value = values.of(sample);
            Set<String> seenLines = new HashSet<>();
            Set<String> seenFunctions = new HashSet<>();
            for (int i = 0; i < sample.frames().size(); i++) {
                StackFrame frame = sample.frames().get(i);
                String function = frame.function();
                if (!regex.matcher(function).find()) {
                    continue;
                }
                frames.putIfAbsent(function, frame);
                long[] lineSums = byFunction.computeIfAbsent(function, f -> new TreeMap<>())
                        .computeIfAbsent(frame.line(), l -> new long[2]);
                long[] total = totals.computeIfAbsent(function, f -> new long[2]);
                if (i == 0) {
                    lineSums[0] += value;
                    total[0] += value;
                }
                if (seenLines.add(function + ":" + frame.line())) {
                    lineSums[1] += value;
                }
                if (seenFunctions.add(function)) {
                    total[1] += value;
                }
            }
        }
        if (byFunction.isEmpty()) {
            return null;
        }
        List<Routine> routines = new ArrayList<>();
        byFunction.forEach((function, lines) -> routines.add(
                new Routine(frames.get(function), lines, totals.get(function)[0], totals.get(function)[1])));
        routines.sort(Comparator.comparingLong(Routine::cum).reversed()
                .thenComparing(r -> r.anyFrame().function()));
        long total = values.total(profile);
        StringBuilder out = new StringBuilder(TopReport.typeLine(profile, values))
                .append("Total: ").append(values.format(total)).append('\n');
        for (Routine routine : routines) {
            appendRoutine(out, routine, values, total, roots, notes);
        }
        return out.toString();
    }

    private static void appendRoutine(StringBuilder out, Routine routine, SampleValues values, long total,
            List<Path> roots, StringBuilder notes) {
        StackFrame frame = routine.anyFrame();
        List<Path> files = sourceFiles(frame, roots);
        Path file = files.isEmpty() ? null : files.get(0);
        if (files.size() > 1) {
            notes.append("note: ").append(relativeName(frame)).append(" is in ").append(files.size())
                    .append(" source roots; showing ").append(file).append(" (choose with --source-path)\n");
        }
        out.append("ROUTINE ======================== ").append(frame.function()).append(" in ")
                .append(file != null ? file.toString() : frame.fileName() == null ? "(unknown file)" : frame.fileName())
                .append('\n');
        out.append(String.format(Locale.ROOT, "%10s %10s (flat, cum) %s of Total%n",
                values.format(routine.flat()), values.format(routine.cum()), TopReport.percentage(routine.cum(), total)));
        List<String> source = file == null ? null : read(file);
        if (source == null) {
            for (Map.Entry<Integer, long[]> line : routine.lines().entrySet()) {
                out.append(row(values, line.getValue(), line.getKey(), "(source not found)"));
            }
            return;
        }
        int first = routine.lines().keySet().stream().filter(l -> l > 0).min(Integer::compare).orElse(1);
        int last = routine.lines().keySet().stream().filter(l -> l > 0).max(Integer::compare).orElse(1);
        int[] range = methodRange(source, frame.methodName(), first, last);
        for (int n = range[0]; n <= range[1]; n++) {
            out.append(row(values, routine.lines().getOrDefault(n, NONE), n, source.get(n - 1)));
        }
        for (Map.Entry<Integer, long[]> line : routine.lines().entrySet()) {
            if (line.getKey() < 1 || line.getKey() > source.size()) {
                out.append(row(values, line.getValue(), line.getKey(), "(line not in file)"));
            }
        }
    }

    private static final long[] NONE = new long[2];

    /** First and last line to show, 1-based and inside the file. */
    static int[] methodRange(List<String> source, String method, int first, int last) {
        int size = source.size();
        first = Math.min(Math.max(first, 1), size);
        last = Math.min(Math.max(last, first), size);
        Pattern declaration = Pattern.compile("\\b" + Pattern.quote(method) + "\\s*\\(");
        int start = -1;
        for (int n = first; n >= Math.max(1, first - MAX_METHOD_LINES); n--) {
            String text = source.get(n - 1);
            if (declaration.matcher(text).find() && !text.strip().endsWith(";") && !text.contains(" new ")
                    && !text.strip().startsWith("return")) {
                start = n;
                break;
            }
        }
        if (start < 0) {
            return new int[] {Math.max(1, first - CONTEXT), Math.min(size, last + CONTEXT)};
        }
        int depth = 0;
        boolean opened = false;
        for (int n = start; n <= Math.min(size, start + MAX_METHOD_LINES); n++) {
            for (char c : source.get(n - 1).toCharArray()) {
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                }
            }
            if (opened && depth <= 0) {
                return new int[] {start, Math.max(n, last)};
            }
        }
        return new int[] {start, Math.min(size, last + CONTEXT)};
    }

    private static String row(SampleValues values, long[] sums, int line, String text) {
        return String.format(Locale.ROOT, "%10s %10s %5d:%s%n", sums[0] == 0 ? "." : values.format(sums[0]),
                sums[1] == 0 ? "." : values.format(sums[1]), line, text.isEmpty() ? "" : " " + text);
    }

    private static String relativeName(StackFrame frame) {
        String className = frame.className();
        int dollar = className.indexOf('$');
        String outer = dollar > 0 ? className.substring(0, dollar) : className;
        int dot = outer.lastIndexOf('.');
        String dir = dot < 0 ? "" : outer.substring(0, dot).replace('.', '/') + "/";
        String file = frame.fileName() != null ? frame.fileName() : outer.substring(dot + 1) + ".java";
        return dir + file;
    }

    private static List<Path> sourceFiles(StackFrame frame, List<Path> roots) {
        String relative = relativeName(frame);
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            Path candidate = root.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
