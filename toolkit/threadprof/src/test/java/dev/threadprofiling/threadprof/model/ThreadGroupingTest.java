package dev.threadprofiling.threadprof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadGroupingTest {

    @Test
    void groupsByStateAndStackLargestFirst() {
        List<StackGroup> groups = ThreadGrouping.group(Profiles.small());

        assertEquals(List.of(3, 2, 1, 1), groups.stream().map(StackGroup::count).toList());
        StackGroup workers = groups.get(0);
        assertEquals("WAITING", workers.state());
        assertEquals(List.of("worker-7-3", "worker-7-1", "worker-12-1"), workers.threadNames());
        assertEquals(List.of(42L, 40L, 44L), workers.threadIds());
        assertEquals(Profiles.worker(1, "x").frames(), workers.frames());
        assertEquals(List.of("producer-10", "producer-5"), groups.get(1).threadNames());
    }

    @Test
    void equalCountsAreOrderedByStackTextSoOutputIsStable() {
        List<StackGroup> groups = ThreadGrouping.group(Profiles.small());
        // "" (no frames) sorts before "jdk.internal.misc.Unsafe.park…".
        assertEquals("Signal Dispatcher", groups.get(2).threadNames().get(0));
        assertEquals("virtual-worker", groups.get(3).threadNames().get(0));
    }

    @Test
    void sameStackInAnotherStateOrAsVirtualThreadIsAnotherGroup() {
        ThreadSample waiting = Profiles.worker(1, "w-1");
        ThreadSample timed = new ThreadSample(2, "w-2", "TIMED_WAITING", true, false, waiting.frames(), null, null,
                ThreadSample.Origin.NOT_TRACKED);
        ThreadSample virtual = new ThreadSample(3, "", "WAITING", true, true, waiting.frames(), null, null,
                ThreadSample.Origin.NOT_TRACKED);
        ThreadProfile profile = new ThreadProfile(Instant.EPOCH, new ThreadProfile.ProcessInfo(1, null, null, "test"),
                List.of(waiting, timed, virtual, Profiles.worker(4, "w-4")));

        List<StackGroup> groups = ThreadGrouping.group(profile);

        assertEquals(3, groups.size());
        assertEquals(2, groups.get(0).count());
        assertEquals("TIMED_WAITING", groups.get(1).state());
        assertEquals(true, groups.get(2).virtual());
    }
}
