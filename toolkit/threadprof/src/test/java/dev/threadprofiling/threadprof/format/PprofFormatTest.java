package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PprofFormatTest {

    private static final Instant CAPTURED_AT = Instant.parse("2024-05-06T07:08:09.123456789Z");

    private static final StackFrame PARK =
            new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", "Unsafe.java", StackFrame.NATIVE);
    private static final StackFrame TAKE = new StackFrame("java.base", "java.util.concurrent.LinkedBlockingQueue",
            "take", "LinkedBlockingQueue.java", 435);
    private static final StackFrame WORK =
            new StackFrame(null, "dev.threadprofiling.workerpool.WorkerPool", "work", "WorkerPool.java", 42);
    private static final StackFrame WORK_OTHER_LINE =
            new StackFrame(null, "dev.threadprofiling.workerpool.WorkerPool", "work", "WorkerPool.java", 57);
    private static final StackFrame THREAD_RUN =
            new StackFrame("java.base", "java.lang.Thread", "run", "Thread.java", 840);
    private static final StackFrame NO_FILE = new StackFrame(null, "Generated$$Lambda", "run", null, -1);

    private static ThreadSample thread(long id, String state, boolean virtual, StackFrame... frames) {
        return new ThreadSample(id, "worker-" + id, state, true, virtual, List.of(frames), null, null,
                ThreadSample.Origin.NOT_TRACKED);
    }

    private static ThreadProfile profile(ThreadSample... threads) {
        return new ThreadProfile(CAPTURED_AT, new ThreadProfile.ProcessInfo(4242, "dev.Main", "17.0.15", "in-process"),
                List.of(threads));
    }

    /** Three identical workers, one in another state, one virtual, one on another line. */
    private static ThreadProfile workers() {
        return profile(
                thread(1, "WAITING", false, PARK, TAKE, WORK, THREAD_RUN),
                thread(2, "WAITING", false, PARK, TAKE, WORK, THREAD_RUN),
                thread(3, "TIMED_WAITING", false, PARK, TAKE, WORK, THREAD_RUN),
                thread(4, "WAITING", false, PARK, TAKE, WORK, THREAD_RUN),
                thread(5, "WAITING", true, PARK, TAKE, WORK, THREAD_RUN),
                thread(6, "WAITING", false, PARK, TAKE, WORK_OTHER_LINE, THREAD_RUN));
    }

    private static String functionNames(PprofDecoder.Profile decoded, PprofDecoder.Sample sample) {
        List<String> names = new ArrayList<>();
        for (PprofDecoder.Function function : decoded.stack(sample)) {
            names.add(function.name());
        }
        return String.join(" < ", names);
    }

    @Test
    void headerDescribesThreadCounts() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));

        assertEquals("", decoded.strings().get(0), "string_table[0] must be empty");
        assertEquals(List.of(new PprofDecoder.ValueType("threads", "count")), decoded.sampleTypes());
        assertEquals(new PprofDecoder.ValueType("threads", "count"), decoded.periodType());
        assertEquals(1, decoded.period());
        assertEquals(1_714_979_289_123_456_789L, decoded.timeNanos());
        assertEquals(List.of("threadprof: 6 threads, pid 4242, dev.Main, java 17.0.15, in-process"),
                decoded.comments());
        assertEquals(decoded.strings().size(), new HashSet<>(decoded.strings()).size(), "strings are interned once");
    }

    @Test
    void groupsThreadsByStateVirtualAndStack() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));

        assertEquals(4, decoded.samples().size(), "groups: 3 WAITING, 1 TIMED_WAITING, 1 virtual, 1 other line");
        PprofDecoder.Sample first = decoded.samples().get(0);
        assertEquals(List.of(3L), first.values());
        assertEquals(Map.of("state", "WAITING", "virtual", "false"), first.labels());
        assertEquals(List.of(1L), decoded.samples().get(1).values());
        assertEquals(Map.of("state", "TIMED_WAITING", "virtual", "false"), decoded.samples().get(1).labels());
        assertEquals(Map.of("state", "WAITING", "virtual", "true"), decoded.samples().get(2).labels());
        assertEquals(List.of(1L), decoded.samples().get(3).values());
        long total = 0;
        for (PprofDecoder.Sample sample : decoded.samples()) {
            total += sample.values().get(0);
        }
        assertEquals(6, total, "sample values add up to the thread count");
    }

    @Test
    void locationsAreInnermostFirstWithSourceLines() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));
        PprofDecoder.Sample first = decoded.samples().get(0);

        assertEquals("jdk.internal.misc.Unsafe.park < java.util.concurrent.LinkedBlockingQueue.take"
                + " < dev.threadprofiling.workerpool.WorkerPool.work < java.lang.Thread.run",
                functionNames(decoded, first));
        assertEquals(List.of(0L, 435L, 42L, 840L), decoded.lines(first), "native frames get line 0");
        assertEquals(List.of(0L, 435L, 57L, 840L), decoded.lines(decoded.samples().get(3)));
    }

    @Test
    void oneLocationPerFrameAndOneFunctionPerMethodAndFile() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));

        assertEquals(5, decoded.locations().size(), "park, take, work:42, work:57, run");
        assertEquals(4, decoded.functions().size(), "work:42 and work:57 share one function");
        PprofDecoder.Sample first = decoded.samples().get(0);
        PprofDecoder.Sample otherLine = decoded.samples().get(3);
        assertEquals(first.locationIds().get(0), otherLine.locationIds().get(0));
        assertNotEquals(first.locationIds().get(2), otherLine.locationIds().get(2));
        assertEquals(decoded.stack(first).get(2), decoded.stack(otherLine).get(2));
    }

    @Test
    void functionsCarrySourcePathsRelativeToASourceRoot() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));
        List<PprofDecoder.Function> stack = decoded.stack(decoded.samples().get(0));

        PprofDecoder.Function work = stack.get(2);
        assertEquals("dev.threadprofiling.workerpool.WorkerPool.work", work.name());
        assertEquals(work.name(), work.systemName());
        assertEquals("dev/threadprofiling/workerpool/WorkerPool.java", work.filename());
        assertEquals("java/lang/Thread.java", stack.get(3).filename());
        assertEquals("jdk/internal/misc/Unsafe.java", stack.get(0).filename());
    }

    @Test
    void unknownSourceFileLeavesTheFilenameEmpty() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(profile(
                thread(1, "RUNNABLE", false, NO_FILE))));
        PprofDecoder.Sample sample = decoded.samples().get(0);

        assertEquals("", decoded.stack(sample).get(0).filename());
        assertEquals("Generated$$Lambda.run", decoded.stack(sample).get(0).name());
        assertEquals(List.of(0L), decoded.lines(sample), "unknown line -1 becomes 0");
    }

    @Test
    void everyLocationBelongsToTheOneSymbolisedMapping() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(workers()));

        assertEquals(Map.of(1L, new PprofDecoder.Mapping(1, "jvm", true)), decoded.mappings());
        for (PprofDecoder.Location location : decoded.locations().values()) {
            assertEquals(1, location.mappingId(), "location " + location.id() + " has no mapping");
            assertEquals(1, location.lines().size());
        }
    }

    @Test
    void threadWithoutFramesIsASampleWithoutLocations() {
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(profile(
                thread(1, "RUNNABLE", false), thread(2, "RUNNABLE", false))));

        assertEquals(1, decoded.samples().size());
        assertEquals(List.of(), decoded.samples().get(0).locationIds());
        assertEquals(List.of(2L), decoded.samples().get(0).values());
    }

    @Test
    void gzippedIsTheGzipOfTheRawEncoding() throws IOException {
        ThreadProfile profile = workers();
        byte[] gzipped = PprofFormat.gzipped(profile);

        assertEquals(0x1f, gzipped[0] & 0xff, "gzip magic byte 1");
        assertEquals(0x8b, gzipped[1] & 0xff, "gzip magic byte 2");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            assertArrayEquals(PprofFormat.encode(profile), in.readAllBytes());
        }
    }

    @Test
    void largeProfileGroupsTenThousandThreads() {
        List<ThreadSample> threads = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            StackFrame job = new StackFrame(null, "dev.threadprofiling.Jobs", "job" + (i % 50), "Jobs.java", 10 + i % 50);
            threads.add(thread(i, i % 2 == 0 ? "WAITING" : "BLOCKED", false, PARK, TAKE, job, THREAD_RUN));
        }
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(
                new ThreadProfile(CAPTURED_AT, null, threads)));

        assertEquals(50, decoded.samples().size(), "job0..49, and each job index has one parity, so one state");
        long total = 0;
        for (PprofDecoder.Sample sample : decoded.samples()) {
            assertEquals(List.of(200L), sample.values());
            total += sample.values().get(0);
        }
        assertEquals(10_000, total);
        assertEquals(53, decoded.locations().size());
    }

    @Test
    void capturedWorkersFormOneSampleOfSeven() throws InterruptedException {
        ThreadProfile captured;
        try (ParkedThreads blocked = ParkedThreads.start(7, "blocked-worker-")) {
            captured = ThreadCapture.create().capture();
        }
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(captured));

        List<PprofDecoder.Sample> withWorker = new ArrayList<>();
        for (PprofDecoder.Sample sample : decoded.samples()) {
            if (functionNames(decoded, sample).contains(ParkedThreads.class.getName() + "." + ParkedThreads.METHOD)) {
                withWorker.add(sample);
            }
        }
        assertEquals(1, withWorker.size(), "the 7 parked workers share one stack and state");
        PprofDecoder.Sample workers = withWorker.get(0);
        assertEquals(List.of(7L), workers.values());
        assertEquals("WAITING", workers.labels().get("state"));
        assertEquals("false", workers.labels().get("virtual"));
        Set<String> files = new HashSet<>();
        for (PprofDecoder.Function function : decoded.stack(workers)) {
            files.add(function.filename());
        }
        assertTrue(files.contains("dev/threadprofiling/threadprof/testing/ParkedThreads.java"), files.toString());
        assertTrue(files.contains("java/lang/Thread.java"), files.toString());
        long total = 0;
        for (PprofDecoder.Sample sample : decoded.samples()) {
            total += sample.values().get(0);
        }
        assertEquals(captured.total(), total, "every captured thread is counted once");
    }

    @Test
    void anyWeightedProfileKeepsItsSampleTypesValuesLabelsAndDuration() {
        WeightedProfile.ValueType contentions = new WeightedProfile.ValueType("contentions", "count");
        WeightedProfile.ValueType delay = new WeightedProfile.ValueType("delay", "nanoseconds");
        WeightedProfile weighted = new WeightedProfile(List.of(contentions, delay), List.of(
                new WeightedProfile.Sample(List.of(PARK, TAKE, WORK), List.of(3L, 45_000_000L),
                        Map.of("lock", "java.util.concurrent.locks.ReentrantLock$NonfairSync")),
                new WeightedProfile.Sample(List.of(WORK_OTHER_LINE), List.of(1L, 12_000_000L), Map.of())),
                contentions, 1, CAPTURED_AT, 5_000_000_000L, List.of("threadprof: block", "threshold 10 ms"));

        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(weighted));

        assertEquals(List.of(new PprofDecoder.ValueType("contentions", "count"),
                new PprofDecoder.ValueType("delay", "nanoseconds")), decoded.sampleTypes());
        assertEquals(List.of(3L, 45_000_000L), decoded.samples().get(0).values());
        assertEquals(Map.of("lock", "java.util.concurrent.locks.ReentrantLock$NonfairSync"),
                decoded.samples().get(0).labels());
        assertEquals(List.of(1L, 12_000_000L), decoded.samples().get(1).values());
        assertEquals(List.of(57L), decoded.lines(decoded.samples().get(1)));
        assertEquals(List.of("threadprof: block", "threshold 10 ms"), decoded.comments());
        assertEquals(1_714_979_289_123_456_789L, decoded.timeNanos());
    }
}
