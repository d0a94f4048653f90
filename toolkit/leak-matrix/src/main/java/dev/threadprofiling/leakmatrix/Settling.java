package dev.threadprofiling.leakmatrix;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one rule for "has it settled?": the same sample {@value #SAMPLES} times in a row, one poll
 * apart. {@code scripts/lib/common.sh}'s {@code await_settled} holds the same rule for the scripts.
 *
 * <pre>{@code
 * Settling.Result<Integer> total = Settling.await(() -> ThreadTotal.read(client, base), Duration.ofMillis(500),
 *         Duration.ofSeconds(20));
 * }</pre>
 */
public final class Settling {

    /** Equal samples in a row that make a value settled. */
    public static final int SAMPLES = 3;

    private Settling() {
    }

    /**
     * The last sample, and whether it had settled before the timeout.
     *
     * @param last    the last sample taken
     * @param settled whether it was the same {@value #SAMPLES} times in a row
     */
    public record Result<T>(T last, boolean settled) {
    }

    /** Samples every {@code poll} until the sample has settled, or for {@code timeout} at most. */
    public static <T> Result<T> await(Callable<T> sample, Duration poll, Duration timeout) throws Exception {
        return await(sample, Function.identity(), any -> true, poll, timeout);
    }

    /**
     * As {@link #await(Callable, Duration, Duration)}, comparing samples by {@code key} (for
     * example: thread names and states), where only samples that pass {@code steady} count toward
     * the {@value #SAMPLES} (for example: every thread blocked).
     */
    public static <T> Result<T> await(Callable<T> sample, Function<? super T, ?> key, Predicate<? super T> steady,
            Duration poll, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object lastKey = null;
        int same = 0;
        while (true) {
            T now = sample.call();
            Object nowKey = key.apply(now);
            if (!steady.test(now)) {
                same = 0;
            } else {
                same = same > 0 && Objects.equals(nowKey, lastKey) ? same + 1 : 1;
            }
            lastKey = nowKey;
            if (same >= SAMPLES) {
                return new Result<>(now, true);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Result<>(now, false);
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
