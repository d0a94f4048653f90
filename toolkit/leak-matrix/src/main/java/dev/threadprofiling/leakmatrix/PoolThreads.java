package dev.threadprofiling.leakmatrix;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the worker and producer threads of given requests by their names, in a threadprof capture:
 * platform threads and, on Java 21+, virtual threads, which {@code Thread.getAllStackTraces()} does
 * not see. One code path serves both kinds of module.
 */
final class PoolThreads {

    private static final Pattern NAME = Pattern.compile("(worker|producer)-(\\d+)(-\\d+)?");
    private static final ThreadCapture CAPTURE = ThreadCapture.create();

    private PoolThreads() {
    }

    static boolean isWorker(ThreadSample thread) {
        return thread.name().startsWith("worker-");
    }

    /** The names among {@code names} that belong to {@code request}. */
    static List<String> ofRequest(List<String> names, long request) {
        return names.stream().filter(name -> {
            Matcher m = NAME.matcher(name);
            return m.matches() && Long.parseLong(m.group(2)) == request;
        }).sorted().collect(Collectors.toList());
    }

    static List<ThreadSample> of(Collection<Long> requests) {
        return CAPTURE.capture().threads().stream()
                .filter(t -> {
                    Matcher m = NAME.matcher(t.name());
                    return m.matches() && requests.contains(Long.parseLong(m.group(2)));
                })
                .sorted(Comparator.comparing(ThreadSample::name))
                .collect(Collectors.toList());
    }

    /**
     * Waits until the threads of these requests have settled ({@link Settling}: the same names and
     * states, every one still alive blocked, WAITING or BLOCKED); returns them.
     */
    static List<ThreadSample> awaitSettled(Collection<Long> requests, Duration timeout) throws Exception {
        return Settling.await(() -> of(requests), PoolThreads::namesAndStates, PoolThreads::allBlocked, Duration.ofMillis(75),
                timeout).last();
    }

    private static List<String> namesAndStates(List<ThreadSample> threads) {
        return threads.stream().map(t -> t.name() + " " + t.state()).collect(Collectors.toList());
    }

    private static boolean allBlocked(List<ThreadSample> threads) {
        return threads.stream().allMatch(t -> t.state().equals("WAITING") || t.state().equals("BLOCKED"));
    }

    /** Where the threads wait: one line per distinct (state, kind, top application frame), with counts. */
    static String describe(List<ThreadSample> threads) {
        Map<String, Long> places = threads.stream().collect(Collectors.groupingBy(
                t -> t.state() + (t.virtual() ? " virtual" : "") + " at " + applicationFrame(t),
                java.util.TreeMap::new, Collectors.counting()));
        StringBuilder text = new StringBuilder();
        places.forEach((place, count) -> text.append("  ").append(count).append(" @ ").append(place).append('\n'));
        return text.toString();
    }

    private static String applicationFrame(ThreadSample thread) {
        for (StackFrame frame : thread.frames()) {
            if (frame.className().startsWith("dev.threadprofiling.")) {
                return frame.toString();
            }
        }
        return "(no application frame)";
    }
}
