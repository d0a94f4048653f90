package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Attribution;
import dev.threadprofiling.threadleak.DefaultFilters;
import dev.threadprofiling.threadleak.NewThreads;
import dev.threadprofiling.threadleak.NoisePreset;
import dev.threadprofiling.threadleak.TestCheck;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.capture.VirtualThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The deferred verdicts of one run: suspects come in from snapshot diffs without any wait; a
 * background thread (and the end of each class and of the run) decides each one once its grace
 * period is over: still alive means leaked, ended means lingering.
 */
final class RunWatch implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration CATCH_UP = Duration.ofSeconds(3);

    private final RunSettings settings;
    private final ThreadStartTracker tracker;
    private final Map<Long, Suspect> suspects = new ConcurrentHashMap<>();
    /** New threads a name alone clears (JVM, JFR, JUnit, Surefire): never looked at again. */
    private final Set<Long> infrastructure = ConcurrentHashMap.newKeySet();
    private final Thread verdicts;
    private volatile boolean closed;
    private final AtomicLong waitedNanos = new AtomicLong();

    RunWatch(RunSettings settings) {
        this.settings = settings;
        this.tracker = ThreadStartTracker.shared();
        this.verdicts = new Thread(this::decideInTheBackground, "threadleak-verdicts");
        verdicts.setDaemon(true);
        verdicts.start();
    }

    RunSettings settings() {
        return settings;
    }

    ThreadStartTracker tracker() {
        return tracker;
    }

    /**
     * Records every thread that is alive now and new since {@code baseline} as a suspect of
     * {@code owner}. No wait and no stack: one {@code getAllThreadIds()} and, only when a thread is
     * new, its name.
     */
    void observe(ThreadSnapshot baseline, Suspect.Owner owner, Attribution attribution) {
        long now = System.nanoTime();
        NewThreads.Found found = NewThreads.since(baseline,
                id -> infrastructure.contains(id) || TestCheck.testThreads().contains(id));
        List<Long> fresh = new ArrayList<>();
        for (long id : found.platform()) {
            Suspect known = suspects.get(id);
            if (known == null) {
                fresh.add(id);
            } else if (attribution != null && known.status == Suspect.Status.PENDING) {
                known.claims.add(new Suspect.Claim(owner, attribution));
            }
        }
        if (!fresh.isEmpty()) {
            long[] array = fresh.stream().mapToLong(Long::longValue).toArray();
            for (ThreadInfo info : THREADS.getThreadInfo(array, 0)) {
                if (info != null) {
                    suspect(info.getThreadId(), info.getThreadName(), false, now, owner, attribution);
                }
            }
        }
        for (ThreadSample thread : found.virtual(baseline, tracker, suspects::containsKey)) {
            suspect(thread.id(), thread.name(), true, now, owner, attribution);
        }
    }

    private void suspect(long id, String name, boolean virtual, long now, Suspect.Owner owner, Attribution attribution) {
        if (!virtual && DefaultFilters.whyNotALeakByName(name) != null) {
            infrastructure.add(id);
            return;
        }
        if (attribution != null && !virtual && attribution.of(id) == Attribution.Verdict.ANOTHER_OWNER) {
            return;
        }
        suspects.computeIfAbsent(id, k -> new Suspect(id, name, virtual, now)).claims
                .add(new Suspect.Claim(owner, attribution));
    }

    /** Decides every pending suspect whose grace period is over; notes those that have ended. Never waits. */
    void decide() {
        decide(false);
    }

    /**
     * As {@link #decide()}; with {@code awaitCreation}, first lets JFR catch up (about a second) when
     * a suspect due for its verdict has no "created by" yet: only where nothing else waits on it.
     */
    synchronized void decide(boolean awaitCreation) {
        decide(awaitCreation, false);
    }

    /** With {@code last}, the suspects still in their grace period are looked at too: filters and presets may clear them. */
    private synchronized void decide(boolean awaitCreation, boolean last) {
        List<Suspect> pending = new ArrayList<>();
        boolean virtualPending = false;
        for (Suspect suspect : suspects.values()) {
            if (suspect.status == Suspect.Status.PENDING) {
                pending.add(suspect);
                virtualPending |= suspect.virtual;
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Set<Long> alive = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            alive.add(id);
        }
        Map<Long, ThreadSample> virtualAlive = new HashMap<>();
        if (virtualPending && VirtualThreads.enabled()) {
            for (ThreadSample thread : VirtualThreads.capture(alive, tracker)) {
                virtualAlive.put(thread.id(), thread);
            }
        }
        List<Suspect> due = new ArrayList<>();
        for (Suspect suspect : pending) {
            boolean isAlive = suspect.virtual ? virtualAlive.containsKey(suspect.id) : alive.contains(suspect.id);
            if (!isAlive) {
                linger(suspect, now);
                continue;
            }
            if (suspect.creation == null) {
                tracker.creationOf(suspect.id).ifPresent(site -> suspect.creation = site);
            }
            if (last || now - suspect.firstSeenNanos >= settings.grace().toNanos()) {
                due.add(suspect);
            }
        }
        if (!due.isEmpty()) {
            if (awaitCreation && due.stream().anyMatch(d -> d.creation == null && !d.virtual)
                    && tracker.tryAwaitUpToDate(CATCH_UP)) {
                for (Suspect suspect : due) {
                    tracker.creationOf(suspect.id).ifPresent(site -> suspect.creation = site);
                }
            }
            decide(due, now, virtualAlive);
        }
    }

    private void decide(List<Suspect> due, long now, Map<Long, ThreadSample> virtualAlive) {
        long graceNanos = settings.grace().toNanos();
        Map<Long, ThreadSample> samples = new HashMap<>(virtualAlive);
        for (ThreadSample thread : ThreadCapture.withCreatedBy(tracker).capture().threads()) {
            samples.putIfAbsent(thread.id(), thread);
        }
        Set<Long> carriers = VirtualThreads.enabled() ? DefaultFilters.carrierThreadIds() : Set.of();
        for (Suspect suspect : due) {
            ThreadSample sample = samples.get(suspect.id);
            if (sample == null) {
                linger(suspect, now);
                continue;
            }
            sample = withCreation(sample, suspect.creation);
            suspect.sample = sample;
            String why = DefaultFilters.whyNotALeak(sample, carriers);
            if (why == null) {
                why = TestCheck.testThreads().contains(suspect.id) ? "runs tests" : presetMatching(sample);
            }
            if (why != null) {
                suspect.ignoredBecause = why;
                suspect.status = Suspect.Status.IGNORED;
            } else if (now - suspect.firstSeenNanos < graceNanos) {
                // The run's end with the wait switched off: undecided, with its stack for the report.
                suspect.owner = suspect.resolveOwner();
            } else {
                suspect.owner = suspect.resolveOwner();
                suspect.status = Suspect.Status.LEAKED;
            }
        }
    }

    private String presetMatching(ThreadSample sample) {
        for (NoisePreset preset : settings.presets()) {
            if (preset.matches(sample)) {
                return "preset " + preset.id();
            }
        }
        return null;
    }

    private static ThreadSample withCreation(ThreadSample sample, CreationSite creation) {
        if (sample.createdBy() != null || creation == null) {
            return sample;
        }
        return new ThreadSample(sample.id(), sample.name(), sample.state(), sample.daemon(), sample.virtual(),
                sample.frames(), sample.waitingOn(), creation, ThreadSample.Origin.RECORDED);
    }

    private static void linger(Suspect suspect, long now) {
        suspect.endedWithinNanos = now - suspect.firstSeenNanos;
        suspect.status = Suspect.Status.LINGERING;
    }

    /**
     * The end of a run: decides what can be decided; with {@code wait}, first waits until every pending
     * suspect's grace is over or it has ended (at most the grace period, and only while one is
     * alive). What is still pending then is looked at once more, so that filters and presets clear
     * it; the rest is undecided. The time it waited adds to {@link #waitedNanos()}.
     */
    void finish(boolean wait) {
        long start = System.nanoTime();
        decide(wait);
        while (wait && !pending().isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                break;
            }
            decide(true);
        }
        waitedNanos.addAndGet(System.nanoTime() - start);
        decide(false, true);
    }

    /** How long the ends of this run (the last class's, the plan's) waited for suspects in their grace period. */
    long waitedNanos() {
        return waitedNanos.get();
    }

    List<Suspect> all() {
        List<Suspect> all = new ArrayList<>(suspects.values());
        all.sort((a, b) -> Long.compare(a.firstSeenNanos, b.firstSeenNanos));
        return all;
    }

    List<Suspect> pending() {
        return all().stream().filter(s -> s.status == Suspect.Status.PENDING).toList();
    }

    /** Leaks decided so far that no failure has reported yet; marks them reported. */
    synchronized List<Suspect> takeUnreportedLeaks() {
        List<Suspect> leaks = new ArrayList<>();
        for (Suspect suspect : all()) {
            if (suspect.status == Suspect.Status.LEAKED && !suspect.failed && !TestCheck.failedAlready(suspect.id)) {
                suspect.failed = true;
                leaks.add(suspect);
            }
        }
        return leaks;
    }

    private void decideInTheBackground() {
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            try {
                decide(true);
            } catch (RuntimeException e) {
                System.err.println("[threadleak] background verdicts stopped: " + e);
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(verdicts);
    }
}
