package dev.threadprofiling.leakmatrix;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the worker and producer threads of given requests by their names. */
final class PoolThreads {

    private static final Pattern NAME = Pattern.compile("(worker|producer)-(\\d+)(-\\d+)?");

    private PoolThreads() {
    }

    static boolean isWorker(Thread thread) {
        return thread.getName().startsWith("worker-");
    }

    static List<Thread> of(Collection<Long> requests) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> {
                    Matcher m = NAME.matcher(t.getName());
                    return m.matches() && requests.contains(Long.parseLong(m.group(2)));
                })
                .sorted(Comparator.comparing(Thread::getName))
                .collect(Collectors.toList());
    }

    /**
     * Waits until the threads of these requests have settled: every one still alive is blocked
     * (WAITING or BLOCKED) and the set has not changed for a few polls; returns them.
     */
    static List<Thread> awaitSettled(Collection<Long> requests, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> previous = null;
        int stablePolls = 0;
        while (true) {
            List<Thread> now = of(requests);
            boolean allBlocked = now.stream().allMatch(t -> {
                Thread.State state = t.getState();
                return state == Thread.State.WAITING || state == Thread.State.BLOCKED;
            });
            stablePolls = allBlocked && now.equals(previous) ? stablePolls + 1 : 0;
            if (stablePolls >= 3) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                return now;
            }
            previous = now;
            Thread.sleep(50);
        }
    }

    /** Where the threads wait: one line per distinct (state, top application frame), with counts. */
    static String describe(List<Thread> threads) {
        Map<String, Long> places = threads.stream().collect(Collectors.groupingBy(
                t -> t.getState() + " at " + applicationFrame(t), java.util.TreeMap::new, Collectors.counting()));
        StringBuilder text = new StringBuilder();
        places.forEach((place, count) -> text.append("  ").append(count).append(" @ ").append(place).append('\n'));
        return text.toString();
    }

    private static String applicationFrame(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.threadprofiling.")) {
                return frame.toString();
            }
        }
        return "(no application frame)";
    }
}
