package dev.threadprofiling.threadprof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThreadNamesTest {

    @Test
    void varyingDigitRunsBecomeStarsAndSharedOnesStay() {
        assertEquals(Optional.of("worker-*-*"), ThreadNames.pattern(List.of("worker-1-1", "worker-2-7", "worker-1-2")));
        assertEquals(Optional.of("worker-1-*"), ThreadNames.pattern(List.of("worker-1-1", "worker-1-2")));
        assertEquals(Optional.of("pool-*-thread-1"),
                ThreadNames.pattern(List.of("pool-1-thread-1", "pool-22-thread-1")));
    }

    @Test
    void noPatternWhenNamesDifferInMoreThanDigitsOrAreAllTheSame() {
        assertEquals(Optional.empty(), ThreadNames.pattern(List.of("Finalizer", "Reference Handler")));
        assertEquals(Optional.empty(), ThreadNames.pattern(List.of("worker-1", "producer-1")));
        assertEquals(Optional.empty(), ThreadNames.pattern(List.of("worker-1", "worker-1-2")));
        assertEquals(Optional.empty(), ThreadNames.pattern(List.of("main")));
        assertEquals(Optional.empty(), ThreadNames.pattern(List.of("same-1", "same-1")));
    }

    @Test
    void summaryListsTwoNamesInNaturalOrderThenCountsTheRest() {
        List<String> names = new ArrayList<>();
        for (int request = 40; request >= 1; request--) {
            for (int worker = 30; worker >= 1; worker--) {
                names.add("worker-" + request + "-" + worker);
            }
        }
        assertEquals("worker-*-* (worker-1-1, worker-1-2, … 1198 more)", ThreadNames.summary(names));
        assertEquals("producer-* (producer-5, producer-10, … 18 more)", ThreadNames.summary(producers()));
    }

    @Test
    void summaryOfFewNamesListsThemAll() {
        assertEquals("main", ThreadNames.summary(List.of("main")));
        assertEquals("Finalizer, Reference Handler", ThreadNames.summary(List.of("Reference Handler", "Finalizer")));
        assertEquals("tp-* (tp-2, tp-10, tp-11)", ThreadNames.summary(List.of("tp-11", "tp-10", "tp-2")));
        assertEquals("a, b, … 2 more", ThreadNames.summary(List.of("d", "c", "b", "a")));
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        List<String> names = new ArrayList<>(List.of("w-10", "w-9", "w-010", "w-1", "w-", "w-1a"));
        names.sort(ThreadNames.NATURAL_ORDER);
        assertEquals(List.of("w-", "w-1", "w-1a", "w-9", "w-010", "w-10"), names);
    }

    private static List<String> producers() {
        List<String> names = new ArrayList<>();
        for (int i = 5; i <= 100; i += 5) {
            names.add("producer-" + i);
        }
        return names;
    }
}
