package dev.threadprofiling.benchmarks;

import dev.threadprofiling.threadprof.StackFrame;
import dev.threadprofiling.threadprof.ThreadProfile;
import dev.threadprofiling.threadprof.ThreadSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code debug=1} text (group identical state + stack, largest group first), so the benchmark
 * times capture + group + render.
 *
 * <p>switch to Debug1Format.render: once {@code Debug1Format} is on this branch, callers use
 * {@code Debug1Format.render(profile)} and this class goes.
 */
final class Debug1Stand {

    private Debug1Stand() {
    }

    static String render(ThreadProfile profile) {
        Map<List<Object>, int[]> groups = new LinkedHashMap<>();
        for (ThreadSample thread : profile.threads()) {
            groups.computeIfAbsent(List.of(thread.state(), thread.frames()), key -> new int[1])[0]++;
        }
        List<Map.Entry<List<Object>, int[]>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        StringBuilder text = new StringBuilder(64 * 1024);
        text.append("thread profile: total ").append(profile.total()).append('\n');
        for (Map.Entry<List<Object>, int[]> group : sorted) {
            text.append(group.getValue()[0]).append(" @ ").append(group.getKey().get(0)).append('\n');
            @SuppressWarnings("unchecked")
            List<StackFrame> frames = (List<StackFrame>) group.getKey().get(1);
            for (StackFrame frame : frames) {
                text.append("#\t").append(frame).append('\n');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
