package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import dev.threadprofiling.threadprof.testing.SlowInitializer;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning.Case;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virtual threads that pin their carrier, recorded by a real JFR stream into the pinned profile
 * (Java 21+; this source folder is compiled only there). What pins depends on the version: a sleep
 * inside {@code synchronized} pins on Java 21 to 23 and not since 24 (JEP 491); a sleep inside a
 * static initializer pins on every version.
 */
class PinnedProfileTest {

    private static final Duration SLEEP = Duration.ofMillis(100);
    private static final int THREADS = 4;
    /** JEP 491: from this version on, {@code synchronized} no longer pins. */
    private static final int SYNCHRONIZED_UNPINNED_SINCE = 24;

    @RegisterExtension
    static final RecordingExtension RECORDING = new RecordingExtension(Duration.ofMillis(5));


    /** Pinnings whose stack holds {@code className.method} at {@code line}, summed. */
    private static long pinningsAt(ContentionProfile profile, Class<?> type, String method, int line) {
        return samplesAt(profile, type, method, line).stream().mapToLong(ContentionSample::count).sum();
    }

    private static List<ContentionSample> samplesAt(ContentionProfile profile, Class<?> type, String method, int line) {
        return profile.samples().stream()
                .filter(sample -> sample.frames().stream().anyMatch(frame -> frame.className().equals(type.getName())
                        && frame.methodName().equals(method) && frame.line() == line))
                .toList();
    }

    /** Pinnings with any frame of the fixture's classes. */
    private static long fixturePinnings(ContentionProfile profile) {
        return profile.samples().stream()
                .filter(sample -> sample.frames().stream().map(StackFrame::className)
                        .anyMatch(name -> name.equals(VirtualThreadPinning.class.getName())
                                || name.equals(SlowInitializer.class.getName())))
                .mapToLong(ContentionSample::count).sum();
    }

    @Test
    void sleepInsideSynchronizedPinsUntilJava23AndNoLongerSince24() throws Exception {
        int line = VirtualThreadPinning.pinningLine(Case.SYNCHRONIZED);
        int controlLine = VirtualThreadPinning.pinningLine(Case.CLASS_INITIALIZER);
        ContentionProfile start = RECORDING.recorder().cumulative(ContentionKind.PINNED);
        long before = pinningsAt(start, VirtualThreadPinning.class, "perform", line);
        long controlBefore = pinningsAt(start, SlowInitializer.class, "<clinit>", controlLine);

        VirtualThreadPinning.run(Case.SYNCHRONIZED, "pin-synchronized", THREADS, SLEEP);
        // A control that pins on every version: the profile records pinning, so a zero below is real.
        VirtualThreadPinning.run(Case.CLASS_INITIALIZER, "pin-control", 1, SLEEP);

        ContentionProfile pinned = RECORDING.recorder().cumulative(ContentionKind.PINNED);
        assertEquals(1, pinningsAt(pinned, SlowInitializer.class, "<clinit>", controlLine) - controlBefore,
                () -> "the control's pinning is recorded; the profile holds " + pinned.samples());
        long found = pinningsAt(pinned, VirtualThreadPinning.class, "perform", line) - before;
        if (Runtime.version().feature() < SYNCHRONIZED_UNPINNED_SINCE) {
            assertEquals(THREADS, found, () -> "Java " + Runtime.version() + " pins a virtual thread that sleeps inside"
                    + " synchronized: one pinning per thread at line " + line + "; the profile holds " + pinned.samples());
            ContentionSample sample = samplesAt(pinned, VirtualThreadPinning.class, "perform", line).get(0);
            assertEquals(ContentionSample.VIRTUAL_THREAD_PINNED, sample.event());
            assertTrue(sample.delayNanos() >= sample.count() * SLEEP.toNanos() / 2,
                    "each pinning lasts most of the sleep: " + sample);
        } else {
            assertEquals(0, found, () -> "Java " + Runtime.version() + " (JEP 491) unmounts a virtual thread that sleeps"
                    + " inside synchronized, so nothing may be pinned at line " + line + "; the profile holds "
                    + pinned.samples());
        }
    }

    @Test
    void sleepInsideAStaticInitializerPinsOnEveryVersionAtItsLine() throws Exception {
        int line = VirtualThreadPinning.pinningLine(Case.CLASS_INITIALIZER);
        long before = pinningsAt(RECORDING.recorder().cumulative(ContentionKind.PINNED), SlowInitializer.class,
                "<clinit>", line);

        VirtualThreadPinning.run(Case.CLASS_INITIALIZER, "pin-initializer", THREADS, SLEEP);

        ContentionProfile pinned = RECORDING.recorder().cumulative(ContentionKind.PINNED);
        assertEquals(THREADS, pinningsAt(pinned, SlowInitializer.class, "<clinit>", line) - before,
                () -> "one pinning per thread in SlowInitializer.<clinit> at line " + line + "; the profile holds "
                        + pinned.samples());
        ContentionSample sample = samplesAt(pinned, SlowInitializer.class, "<clinit>", line).get(0);
        assertEquals(ContentionSample.VIRTUAL_THREAD_PINNED, sample.event());
        assertEquals("java.lang.VirtualThread", sample.frames().get(0).className(),
                "the innermost frame is the virtual thread parking on its carrier, not JFR's posting: " + sample.frames());
        if (Runtime.version().feature() >= SYNCHRONIZED_UNPINNED_SINCE) {
            assertTrue(sample.reason() != null && sample.reason().contains(SlowInitializer.class.getName() + ".<clinit>"),
                    "Java 24+ says why: " + sample.reason());
        } else {
            assertNull(sample.reason(), "Java 21 records no reason");
        }
        assertEquals(0, RECORDING.recorder().cumulative(ContentionKind.BLOCK).samples().stream()
                .filter(ContentionSample::isPinning).count(), "a pinning is in the pinned profile only, not in block");
    }

    @Test
    void reentrantLockAndPlainSleepNeverPin() throws Exception {
        long before = fixturePinnings(RECORDING.recorder().cumulative(ContentionKind.PINNED));

        VirtualThreadPinning.run(Case.REENTRANT_LOCK, "pin-lock", THREADS, SLEEP);
        VirtualThreadPinning.run(Case.SLEEP, "pin-sleep", THREADS, SLEEP);

        assertEquals(before, fixturePinnings(RECORDING.recorder().cumulative(ContentionKind.PINNED)),
                "a virtual thread that sleeps holding a ReentrantLock, or nothing, leaves its carrier");
    }

    @Test
    void thePinnedProfileCountsPinningsAndTheirDelayInPprof() throws Exception {
        VirtualThreadPinning.run(Case.CLASS_INITIALIZER, "pin-pprof", 1, SLEEP);

        WeightedProfile weighted = RECORDING.recorder().cumulative(ContentionKind.PINNED).weighted();

        assertEquals(List.of(new WeightedProfile.ValueType("pinnings", "count"), ContentionProfile.DELAY),
                weighted.sampleTypes());
        assertTrue(weighted.comments().get(0).startsWith("pinned profile: "), weighted.comments().toString());
        assertFalse(weighted.samples().isEmpty(), "the pinning is a sample");
        assertTrue(weighted.samples().stream().allMatch(s -> ContentionSample.VIRTUAL_THREAD_PINNED.equals(
                s.labels().get("event"))), "every sample is a pinning");
    }
}
