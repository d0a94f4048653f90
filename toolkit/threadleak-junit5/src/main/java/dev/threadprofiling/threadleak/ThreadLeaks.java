package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.capture.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * goleak for Java: finds the threads that are alive but should not be.
 *
 * <pre>{@code
 * @Test
 * void serverStopsItsThreads() {
 *     ThreadSnapshot before = ThreadLeaks.snapshot();
 *     Server server = Server.start();
 *     server.stop();
 *     ThreadLeaks.verifyNone(since(before), ignoreNamePrefix("HttpClient-"));
 * }
 * }</pre>
 *
 * <p>A thread is a leak when it is alive after the budget ({@link ThreadLeakOptions#timeout}, 500 ms
 * by default), was not alive at the baseline, and matches neither a built-in filter (JVM, JFR,
 * Surefire and JUnit threads, idle common-pool workers, virtual-thread carriers) nor an ignore
 * option. The baseline is {@link ThreadLeakOptions#since(ThreadSnapshot)}, or by default the
 * snapshot taken when this class was first used (goleak's default is "every goroutine but the
 * main one"; a JVM has many threads of its own, so ours is "every thread that was not there when the
 * leak checks began").
 *
 * <p>The check retries with backoff (goleak's: 1 µs doubling up to 100 ms) until no leak is left or
 * the budget is spent. While no thread is new, it only compares thread ids; stacks are taken once a
 * new thread shows up. Before failing, it waits for {@link ThreadStartTracker} to catch up so the
 * message says where each leaked thread was started. On Java 21+ virtual threads are checked too.
 */
public final class ThreadLeaks {

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration CATCH_UP = Duration.ofSeconds(5);
    private static final ThreadSnapshot DEFAULT_BASELINE;

    static {
        ThreadStartTracker.shared();
        DEFAULT_BASELINE = ThreadSnapshot.takeNow();
    }

    private ThreadLeaks() {
    }

    /** The threads alive now: pass it to {@link ThreadLeakOptions#since} later. */
    public static ThreadSnapshot snapshot() {
        return ThreadSnapshot.takeNow();
    }

    /** The baseline used when no {@link ThreadLeakOptions#since} is given: taken when this class was first used. */
    public static ThreadSnapshot defaultBaseline() {
        return DEFAULT_BASELINE;
    }

    /** The leaked threads, after retrying within the budget; empty when there are none. */
    public static List<LeakedThread> find(ThreadLeakOption... options) {
        return check(ThreadLeakOptions.of(options), null).leaks();
    }

    /** Throws {@link ThreadLeakError} when {@link #find} finds leaks; interrupts them if asked to. */
    public static void verifyNone(ThreadLeakOption... options) {
        ThreadLeakOptions resolved = ThreadLeakOptions.of(options);
        Result result = check(resolved, null);
        ThreadLeakError error = result.errorOf(null, null, resolved);
        if (error != null) {
            throw error;
        }
    }

    /** The outcome of one check. */
    record Result(List<LeakedThread> leaks, List<ThreadSample> unattributed, boolean creationKnown) {
        static final Result CLEAN = new Result(List.of(), List.of(), true);

        /**
         * The error to throw, or {@code null} when nothing leaked; then interrupts the leaks if the options
         * say so (after the message is made, so that it still sees a deadlock the interrupt would break).
         */
        ThreadLeakError errorOf(String subject, String testClass, ThreadLeakOptions options) {
            if (leaks.isEmpty()) {
                return null;
            }
            String message = LeakReport.render(subject, testClass, leaks, unattributed, options, creationKnown);
            if (options.interruptLeaked()) {
                interrupt(leaks);
            }
            return new ThreadLeakError(message, leaks);
        }
    }

    /** The check itself; {@code attribution} is set under parallel execution, else every new thread counts. */
    static Result check(ThreadLeakOptions options, Attribution attribution) {
        ThreadSnapshot baseline = options.baseline() != null ? options.baseline() : DEFAULT_BASELINE;
        ThreadStartTracker tracker = ThreadStartTracker.shared();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long backoff = 1_000;
        Set<Long> cleared = new HashSet<>();
        while (true) {
            List<ThreadSample> suspects = suspects(baseline, options, tracker, attribution, cleared);
            if (suspects.isEmpty()) {
                return Result.CLEAN;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(Math.min(backoff, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        boolean creationKnown = tracker.tryAwaitUpToDate(CATCH_UP) || !tracker.tracking();
        List<ThreadSample> suspects = suspects(baseline, options, tracker, attribution, cleared);
        List<LeakedThread> leaks = new ArrayList<>();
        List<ThreadSample> unattributed = new ArrayList<>();
        for (ThreadSample suspect : suspects) {
            // JFR's jdk.ThreadStart does not cover virtual threads: under parallel execution they
            // cannot be traced to a test.
            Attribution.Verdict verdict = attribution == null ? Attribution.Verdict.THIS_TEST
                    : suspect.virtual() ? Attribution.Verdict.UNKNOWN : attribution.of(suspect.id());
            switch (verdict) {
                case THIS_TEST -> leaks.add(new LeakedThread(suspect));
                case UNKNOWN -> unattributed.add(suspect);
                case ANOTHER_OWNER -> {
                }
            }
        }
        return new Result(List.copyOf(leaks), List.copyOf(unattributed), creationKnown);
    }

    /**
     * New threads that no filter clears. Cheap while nothing is new ({@link NewThreads}); stacks are
     * captured only when a new thread id shows up (or a virtual thread may be alive).
     */
    private static List<ThreadSample> suspects(ThreadSnapshot baseline, ThreadLeakOptions options,
            ThreadStartTracker tracker, Attribution attribution, Set<Long> cleared) {
        NewThreads.Found found = NewThreads.since(baseline, cleared::contains);
        if (found.none()) {
            return List.of();
        }
        List<ThreadSample> candidates = new ArrayList<>();
        if (!found.platform().isEmpty()) {
            Set<Long> fresh = new HashSet<>(found.platform());
            for (ThreadSample thread : ThreadCapture.withCreatedBy(tracker).capture().threads()) {
                if (fresh.contains(thread.id())) {
                    candidates.add(thread);
                }
            }
        }
        candidates.addAll(found.virtual(baseline, tracker, cleared::contains));
        Set<Long> carriers = VirtualThreads.enabled() ? DefaultFilters.carrierThreadIds() : Set.of();
        List<ThreadSample> suspects = new ArrayList<>();
        for (ThreadSample thread : candidates) {
            if (DefaultFilters.whyNotALeak(thread, carriers) != null || options.ignored(thread)) {
                cleared.add(thread.id());
            } else if (attribution != null && !thread.virtual() && thread.createdBy() != null
                    && attribution.of(thread.id()) == Attribution.Verdict.ANOTHER_OWNER) {
                cleared.add(thread.id());
            } else {
                suspects.add(thread);
            }
        }
        return suspects;
    }

    static void interrupt(List<LeakedThread> leaks) {
        Set<Long> ids = new HashSet<>();
        for (LeakedThread leak : leaks) {
            ids.add(leak.id());
        }
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (ids.contains(DefaultFilters.idOf(entry.getKey()))) {
                entry.getKey().interrupt();
            }
        }
    }
}
