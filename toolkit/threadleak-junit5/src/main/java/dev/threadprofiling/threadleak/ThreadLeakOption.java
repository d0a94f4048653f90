package dev.threadprofiling.threadleak;

/**
 * One setting of a leak check, as goleak's {@code Option}: made by the static factories of
 * {@link ThreadLeakOptions} and passed to {@link ThreadLeaks#find} or {@link ThreadLeaks#verifyNone}.
 */
@FunctionalInterface
public interface ThreadLeakOption {

    /** The given options with this setting applied; {@code options} itself is not changed. */
    ThreadLeakOptions applyTo(ThreadLeakOptions options);
}
