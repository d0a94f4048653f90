package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The settings of a leak check: an immutable value, each {@code with…} method returns a new one.
 *
 * <p>Most code uses the static factories, goleak style:
 *
 * <pre>{@code
 * import static dev.threadprofiling.threadleak.ThreadLeakOptions.*;
 *
 * ThreadLeaks.verifyNone(
 *         ignoreTopFunction("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.idleJobPoll"),
 *         ignoreNamePrefix("HttpClient@"),
 *         timeout(Duration.ofSeconds(2)));
 * }</pre>
 *
 * <p>Functions are {@code package.Class.method}, as {@link StackFrame#function()} prints them, with
 * lambda and hidden-class suffixes already stripped.
 */
public final class ThreadLeakOptions implements ThreadLeakOption {

    /** goleak's budget: how long leaked-looking threads get to end before the check fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    private static final ThreadLeakOptions DEFAULTS =
            new ThreadLeakOptions(List.of(), DEFAULT_TIMEOUT, false, null);

    private final List<NamedFilter> ignores;
    private final Duration timeout;
    private final boolean interruptLeaked;
    private final ThreadSnapshot baseline;

    private ThreadLeakOptions(List<NamedFilter> ignores, Duration timeout, boolean interruptLeaked,
            ThreadSnapshot baseline) {
        this.ignores = List.copyOf(ignores);
        this.timeout = timeout;
        this.interruptLeaked = interruptLeaked;
        this.baseline = baseline;
    }

    /** No ignores beyond the built-in ones, a 500 ms budget, no interrupting, the default baseline. */
    public static ThreadLeakOptions defaults() {
        return DEFAULTS;
    }

    /** The defaults with {@code options} applied in order. */
    public static ThreadLeakOptions of(ThreadLeakOption... options) {
        ThreadLeakOptions result = DEFAULTS;
        for (ThreadLeakOption option : options) {
            result = Objects.requireNonNull(option, "option").applyTo(result);
        }
        return result;
    }

    // --- goleak-style factories -------------------------------------------------------------

    /** Ignores threads whose innermost frame is this function (goleak's {@code IgnoreTopFunction}). */
    public static ThreadLeakOption ignoreTopFunction(String function) {
        requireFunction(function);
        return o -> o.withIgnore("top function " + function, t -> t.topFrame() != null
                && function.equals(t.topFrame().function()));
    }

    /** Ignores threads with this function anywhere on their stack (goleak's {@code IgnoreAnyFunction}). */
    public static ThreadLeakOption ignoreAnyFunction(String function) {
        requireFunction(function);
        return o -> o.withIgnore("any function " + function,
                t -> t.frames().stream().anyMatch(f -> function.equals(f.function())));
    }

    /**
     * Ignores threads started by this function (goleak's {@code IgnoreCreatedBy}): the innermost
     * frame of the recorded creation stack, or its first application frame (so that
     * {@code ignoreCreatedBy("com.acme.Cache.startRefresher")} also matches the pool threads that
     * an executor created by that method starts).
     */
    public static ThreadLeakOption ignoreCreatedBy(String function) {
        requireFunction(function);
        return o -> o.withIgnore("created by " + function, t -> createdBy(t.createdBy(), function));
    }

    /** Ignores threads whose name starts with this prefix. */
    public static ThreadLeakOption ignoreNamePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("ignoreNamePrefix(\"\") would ignore every thread");
        }
        return o -> o.withIgnore("name prefix " + prefix, t -> t.name().startsWith(prefix));
    }

    /** Ignores threads for which the predicate is true. */
    public static ThreadLeakOption ignore(Predicate<ThreadSample> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return o -> o.withIgnore("predicate " + predicate, predicate);
    }

    /**
     * Ignores the threads of a named library preset: {@code javalin-startup-watcher},
     * {@code javalin-async-pool}, {@code okhttp}, {@code apache-httpclient}, {@code apache-httpclient-async},
     * {@code idle-cached-pool} (see the module README).
     */
    public static ThreadLeakOption ignorePreset(String name) {
        NoisePreset preset = NoisePreset.named(Objects.requireNonNull(name, "name"));
        return o -> o.withIgnore("preset " + preset.id(), preset::matches);
    }

    /** How long leaked-looking threads get to end (retrying with backoff) before the check fails. */
    public static ThreadLeakOption timeout(Duration budget) {
        return o -> o.withTimeout(budget);
    }

    /** Whether to interrupt leaked threads after reporting them, so one leak does not cascade. */
    public static ThreadLeakOption interruptLeaked(boolean interrupt) {
        return o -> o.withInterruptLeaked(interrupt);
    }

    /** Counts only threads that were not alive at {@code snapshot} (goleak's {@code IgnoreCurrent}). */
    public static ThreadLeakOption since(ThreadSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return o -> o.withBaseline(snapshot);
    }

    // --- withers ----------------------------------------------------------------------------

    public ThreadLeakOptions withIgnore(String description, Predicate<ThreadSample> predicate) {
        List<NamedFilter> more = new ArrayList<>(ignores);
        more.add(new NamedFilter(Objects.requireNonNull(description, "description"),
                Objects.requireNonNull(predicate, "predicate")));
        return new ThreadLeakOptions(more, timeout, interruptLeaked, baseline);
    }

    public ThreadLeakOptions withTimeout(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + budget);
        }
        return new ThreadLeakOptions(ignores, budget, interruptLeaked, baseline);
    }

    public ThreadLeakOptions withInterruptLeaked(boolean interrupt) {
        return new ThreadLeakOptions(ignores, timeout, interrupt, baseline);
    }

    public ThreadLeakOptions withBaseline(ThreadSnapshot snapshot) {
        return new ThreadLeakOptions(ignores, timeout, interruptLeaked, snapshot);
    }

    /** Applies every setting of this value on top of {@code options}: ignores add up, the rest replace. */
    @Override
    public ThreadLeakOptions applyTo(ThreadLeakOptions options) {
        List<NamedFilter> merged = new ArrayList<>(options.ignores);
        merged.addAll(ignores);
        return new ThreadLeakOptions(merged, timeout, interruptLeaked, baseline != null ? baseline : options.baseline);
    }

    // --- getters ----------------------------------------------------------------------------

    /** How long leaked-looking threads get to end: set by {@link #timeout(Duration)}. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether leaked threads are interrupted after reporting: set by {@link #interruptLeaked(boolean)}. */
    public boolean interruptLeaked() {
        return interruptLeaked;
    }

    /** @deprecated the getter now has the setting's name: {@link #timeout()}. */
    @Deprecated
    public Duration budget() {
        return timeout();
    }

    /** @deprecated the getter now has the setting's name: {@link #interruptLeaked()}. */
    @Deprecated
    public boolean interruptsLeaked() {
        return interruptLeaked();
    }

    /** The baseline set by {@link #since}, or {@code null} for {@link ThreadLeaks}' default one. */
    public ThreadSnapshot baseline() {
        return baseline;
    }

    /** Descriptions of the user's ignores, in the order they were added. */
    public List<String> ignoreDescriptions() {
        return ignores.stream().map(NamedFilter::description).toList();
    }

    boolean ignored(ThreadSample thread) {
        for (NamedFilter filter : ignores) {
            if (filter.predicate().test(thread)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ThreadLeakOptions[timeout=" + timeout + ", interruptLeaked=" + interruptLeaked + ", ignores="
                + ignoreDescriptions() + ", baseline=" + baseline + "]";
    }

    private static boolean createdBy(CreationSite site, String function) {
        if (site == null || site.frames().isEmpty()) {
            return false;
        }
        return function.equals(site.topFrame().function()) || function.equals(site.caller().function());
    }

    private static void requireFunction(String function) {
        Objects.requireNonNull(function, "function");
        if (function.isBlank() || function.indexOf('.') < 0) {
            throw new IllegalArgumentException(
                    "expected a function as package.Class.method, e.g. java.lang.Thread.sleep, but got: \""
                            + function + "\"");
        }
    }

    private record NamedFilter(String description, Predicate<ThreadSample> predicate) {
    }
}
