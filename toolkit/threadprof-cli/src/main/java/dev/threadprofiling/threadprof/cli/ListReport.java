package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
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
 * pprof's {@code list REGEX}: the source of each matching function, each line with the threads whose
 * innermost frame is on it (flat) and the threads with it anywhere on the stack (cum).
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
    private record Routine(StackFrame anyFrame, Map<Integer, int[]> lines, int flat, int cum) {
    }

    static String render(ThreadProfile profile, Pattern regex, List<Path> roots, StringBuilder notes) {
        Map<String, Map<Integer, int[]>> byFunction = new TreeMap<>();
        Map<String, StackFrame> frames = new TreeMap<>();
        Map<String, int[]> totals = new TreeMap<>();
        for (ThreadSample thread : profile.threads()) {
            Set<String> seenLines = new HashSet<>();
            Set<String> seenFunctions = new HashSet<>();
            for (int i = 0; i < thread.frames().size(); i++) {
                StackFrame frame = thread.frames().get(i);
                String function = frame.function();
                if (!regex.matcher(function).find()) {
                    continue;
                }
                frames.putIfAbsent(function, frame);
                int[] lineCounts = byFunction.computeIfAbsent(function, f -> new TreeMap<>())
                        .computeIfAbsent(frame.line(), l -> new int[2]);
                int[] total = totals.computeIfAbsent(function, f -> new int[2]);
                if (i == 0) {
                    lineCounts[0]++;
                    total[0]++;
                }
                if (seenLines.add(function + ":" + frame.line())) {
                    lineCounts[1]++;
                }
                if (seenFunctions.add(function)) {
                    total[1]++;
                }
            }
        }
        if (byFunction.isEmpty()) {
            return null;
        }
        List<Routine> routines = new ArrayList<>();
        byFunction.forEach((function, lines) -> routines.add(
                new Routine(frames.get(function), lines, totals.get(function)[0], totals.get(function)[1])));
        routines.sort(Comparator.comparingInt(Routine::cum).reversed()
                .thenComparing(r -> r.anyFrame().function()));
        StringBuilder out = new StringBuilder("Total: " + profile.total() + "\n");
        for (Routine routine : routines) {
            appendRoutine(out, routine, profile.total(), roots, notes);
        }
        return out.toString();
    }

    private static void appendRoutine(StringBuilder out, Routine routine, int total, List<Path> roots, StringBuilder notes) {
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
        out.append(String.format(Locale.ROOT, "%10d %10d (flat, cum) %s of Total%n",
                routine.flat(), routine.cum(), TopReport.percentage(routine.cum(), total)));
        List<String> source = file == null ? null : read(file);
        if (source == null) {
            for (Map.Entry<Integer, int[]> line : routine.lines().entrySet()) {
                out.append(row(line.getValue()[0], line.getValue()[1], line.getKey(), "(source not found)"));
            }
            return;
        }
        int first = routine.lines().keySet().stream().filter(l -> l > 0).min(Integer::compare).orElse(1);
        int last = routine.lines().keySet().stream().filter(l -> l > 0).max(Integer::compare).orElse(1);
        int[] range = methodRange(source, frame.methodName(), first, last);
        for (int n = range[0]; n <= range[1]; n++) {
            int[] counts = routine.lines().get(n);
            out.append(row(counts == null ? 0 : counts[0], counts == null ? 0 : counts[1], n, source.get(n - 1)));
        }
        for (Map.Entry<Integer, int[]> line : routine.lines().entrySet()) {
            if (line.getKey() < 1 || line.getKey() > source.size()) {
                out.append(row(line.getValue()[0], line.getValue()[1], line.getKey(), "(line not in file)"));
            }
        }
    }

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

    private static String row(int flat, int cum, int line, String text) {
        return String.format(Locale.ROOT, "%10s %10s %5d:%s%n", flat == 0 ? "." : Integer.toString(flat),
                cum == 0 ? "." : Integer.toString(cum), line, text.isEmpty() ? "" : " " + text);
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
