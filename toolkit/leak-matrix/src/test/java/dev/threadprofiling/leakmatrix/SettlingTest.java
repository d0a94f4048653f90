package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The settle rule: the same sample three times in a row; a sample that is not steady does not count. */
class SettlingTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void settlesOnTheThirdEqualSampleInARow() throws Exception {
        Iterator<Integer> totals = List.of(30, 28, 28, 27, 27, 27, 26).iterator();
        assertEquals(new Settling.Result<>(27, true), Settling.await(totals::next, NO_WAIT, LONG));
    }

    @Test
    void stillChangingAtTheTimeoutGivesTheLastSample() throws Exception {
        int[] next = {100};
        Settling.Result<Integer> result = Settling.await(() -> next[0]++, NO_WAIT, Duration.ofMillis(50));
        assertEquals(false, result.settled());
        assertEquals(next[0] - 1, result.last());
    }

    @Test
    void samplesThatAreNotSteadyDoNotCount() throws Exception {
        // "R" stands for a thread still running: equal, but not steady.
        Iterator<String> samples = List.of("R", "R", "R", "W", "W", "W").iterator();
        Settling.Result<String> result = Settling.await(samples::next, Function.identity(), "W"::equals, NO_WAIT, LONG);
        assertEquals(new Settling.Result<>("W", true), result);
    }
}
