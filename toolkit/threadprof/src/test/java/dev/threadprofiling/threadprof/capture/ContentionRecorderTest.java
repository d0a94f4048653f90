package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.testing.Contenders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real waits, recorded by a real JFR stream: each found at its line, in the right profile. */
class ContentionRecorderTest {

    @RegisterExtension
    static final RecordingExtension RECORDING = new RecordingExtension(Duration.ofMillis(5));

    private ContentionRecorder recorder;

    @BeforeEach
    void useTheClassRecorder() {
        recorder = RECORDING.recorder();
    }

    /** The samples whose stack passes through {@code Contenders.<method>}. */
    private static List<ContentionSample> at(ContentionProfile profile, String method) {
        return profile.samples().stream().filter(sample -> frameOf(sample, method).isPresent()).toList();
    }

    /** The same, for the waits of threads named {@code <prefix>-…} (each test names its own). */
    private static List<ContentionSample> at(ContentionProfile profile, String method, String owners) {
        return at(profile, method).stream()
                .filter(sample -> sample.otherThread() != null && sample.otherThread().startsWith(owners + "-"))
                .toList();
    }

    private static Optional<StackFrame> frameOf(ContentionSample sample, String method) {
        return sample.frames().stream()
                .filter(frame -> frame.className().equals(Contenders.class.getName()) && frame.methodName().equals(method))
                .findFirst();
    }

    @Test
    void contendedSynchronizedIsAMutexWaitAtItsLineWithTheOwner() throws Exception {
        Contenders.contend("ledger-user", Contenders::enterSynchronized);

        ContentionProfile mutex = recorder.cumulative(ContentionKind.MUTEX);
        List<ContentionSample> found = at(mutex, "enterSynchronized", "ledger-user");

        assertEquals(1, found.size(), mutex.samples().toString());
        ContentionSample sample = found.get(0);
        assertEquals(ContentionSample.MONITOR_ENTER, sample.event());
        assertEquals(Contenders.Ledger.class.getName(), sample.lockClass());
        assertTrue(sample.otherThread().matches("ledger-user-[12]"), "JFR's previous owner: " + sample.otherThread());
        assertEquals(1, sample.count());
        assertTrue(sample.delayNanos() >= Duration.ofMillis(30).toNanos(), "waited most of the hold: " + sample);
        int line = frameOf(sample, "enterSynchronized").orElseThrow().line();
        int marked = Contenders.lineOf("synchronized");
        // HotSpot reports a monitor enter at the bytecode after monitorenter: the block's first line.
        assertTrue(line == marked || line == marked + 1, "line " + line + ", synchronized at " + marked);
        assertEquals(1, at(recorder.cumulative(ContentionKind.BLOCK), "enterSynchronized", "ledger-user").size(),
                "a mutex wait is a block wait too, as in Go");
    }

    @Test
    void contendedReentrantLockIsAMutexWaitAtItsLine() throws Exception {
        Contenders.contend("lock-user", Contenders::takeLock);

        List<ContentionSample> found = at(recorder.cumulative(ContentionKind.MUTEX), "takeLock");

        assertEquals(1, found.size());
        ContentionSample sample = found.get(0);
        assertEquals(ContentionSample.THREAD_PARK, sample.event());
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", sample.lockClass());
        assertEquals(Contenders.lineOf("lock"), frameOf(sample, "takeLock").orElseThrow().line());
    }

    @Test
    void handOffIsABlockWaitButNotAMutexWait() throws Exception {
        Contenders.lateTaker("audit");

        List<ContentionSample> block = at(recorder.cumulative(ContentionKind.BLOCK), "handOff");

        assertEquals(1, block.size());
        assertEquals(ContentionSample.THREAD_PARK, block.get(0).event());
        assertEquals(Contenders.lineOf("put"), frameOf(block.get(0), "handOff").orElseThrow().line());
        assertEquals(List.of(), at(recorder.cumulative(ContentionKind.MUTEX), "handOff"));
    }

    @Test
    void deltaHoldsOnlyTheWaitsOfItsWindow() throws Exception {
        Contenders.contend("before-window", Contenders::enterSynchronized);
        Thread during = Contenders.contendLater("in-window", 100);

        ContentionProfile delta = recorder.delta(ContentionKind.MUTEX, Duration.ofMillis(600));
        during.join();

        assertEquals(List.of(), at(delta, "enterSynchronized", "before-window"));
        assertEquals(1, at(delta, "enterSynchronized", "in-window").size(), delta.samples().toString());
        assertFalse(delta.cumulative());
        assertTrue(delta.window().toMillis() >= 600, delta.window().toString());
    }

    @Test
    void waitsShorterThanTheThresholdAreNotRecorded() throws Exception {
        try (ContentionRecorder coarse = ContentionRecorder.start(Duration.ofSeconds(1))) {
            Contenders.contend("short-wait", Contenders::enterSynchronized);

            assertEquals(List.of(), at(coarse.cumulative(ContentionKind.MUTEX), "enterSynchronized", "short-wait"),
                    "a 60 ms wait is under the 1 s threshold, though the other recording asks for 5 ms");
            assertEquals(1, at(recorder.cumulative(ContentionKind.MUTEX), "enterSynchronized", "short-wait").size());
        }
    }

    @Test
    void thePinnedProfileSaysItNeedsJava21BeforeJava21() throws Exception {
        ContentionProfile pinned = recorder.cumulative(ContentionKind.PINNED);

        if (Runtime.version().feature() < 21) {
            assertFalse(pinned.recording());
            assertEquals("pinned profile: not available on this JVM: virtual threads need Java 21+, this JVM is Java "
                    + Runtime.version(), pinned.summary());
            long started = System.nanoTime();
            assertEquals(pinned.summary(), recorder.delta(ContentionKind.PINNED, Duration.ofSeconds(5)).summary());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "no window to wait for");
        } else {
            assertTrue(pinned.recording(), pinned.summary());
            assertTrue(pinned.summary().startsWith("pinned profile: ") && pinned.summary().contains(" pinnings, "),
                    pinned.summary());
        }
        assertTrue(pinned.samples().stream().allMatch(ContentionSample::isPinning), pinned.samples().toString());
    }

    @Test
    void thresholdTextReadsTheUsualUnits() {
        assertEquals(ContentionRecorder.DEFAULT_THRESHOLD, ContentionRecorder.thresholdFrom(null));
        assertEquals(Duration.ofMillis(1), ContentionRecorder.thresholdFrom("1ms"));
        assertEquals(Duration.ofNanos(500_000), ContentionRecorder.thresholdFrom("500us"));
        assertEquals(Duration.ZERO, ContentionRecorder.thresholdFrom("0"));
        assertEquals(Duration.ofSeconds(2), ContentionRecorder.thresholdFrom("2s"));
        assertEquals(Duration.ofMillis(1), ContentionRecorder.thresholdFrom("PT0.001S"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ContentionRecorder.thresholdFrom("ten"));
        assertTrue(bad.getMessage().contains(ContentionRecorder.THRESHOLD_PROPERTY), bad.getMessage());
    }

    @Test
    void aClosedRecorderAnswersAtOnceAndSaysSo() throws Exception {
        ContentionRecorder closed = ContentionRecorder.start(Duration.ofMillis(5));
        closed.close();

        long started = System.nanoTime();
        ContentionProfile profile = closed.cumulative(ContentionKind.BLOCK);

        assertTrue(System.nanoTime() - started < Duration.ofMillis(500).toNanos(), "no wait for a marker");
        assertFalse(profile.recording());
        assertTrue(profile.summary().contains("contention is not recorded"), profile.summary());
    }

    @Test
    void thresholdOffRecordsNothingJvmWide() {
        String before = System.getProperty(ContentionRecorder.THRESHOLD_PROPERTY);
        try {
            System.setProperty(ContentionRecorder.THRESHOLD_PROPERTY, "1ms");
            assertTrue(ContentionRecorder.enable().orElseThrow().recording());

            System.setProperty(ContentionRecorder.THRESHOLD_PROPERTY, ContentionRecorder.OFF);
            assertEquals(Optional.empty(), ContentionRecorder.enable());
            assertEquals(Optional.empty(), ContentionRecorder.enabled(), "the recorder started before is stopped");
        } finally {
            ContentionRecorder.disable();
            if (before == null) {
                System.clearProperty(ContentionRecorder.THRESHOLD_PROPERTY);
            } else {
                System.setProperty(ContentionRecorder.THRESHOLD_PROPERTY, before);
            }
        }
    }
}
