package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sizes issue 17 sets, on the exercise's own threads: a profile captured from the chapter 3
 * server after two requests (schema v1, {@code profiles/exercise-v1.json}), its workers copied to
 * the thread counts of the chapter (1,246) and of the benchmarks (10,000).
 */
class ProfileSizeTest {

    private static final int KB = 1024;
    private static final int MB = 1024 * KB;

    @Test
    void jsonOfTheExerciseStaysUnderOneMegabyteAt1246ThreadsAndFiveAt10000() throws IOException {
        ThreadProfile at1246 = withWorkers(1246);
        ThreadProfile at10000 = withWorkers(10_000);

        byte[] small = JsonFormat.writeBytes(at1246);
        byte[] large = JsonFormat.writeBytes(at10000);

        assertTrue(small.length <= MB, "1,246 threads: " + small.length + " bytes");
        assertTrue(large.length <= 5 * MB, "10,000 threads: " + large.length + " bytes");
        assertEquals(at1246, JsonFormat.read(new String(small, StandardCharsets.UTF_8)));
    }

    @Test
    void debug2OfTheExerciseTakesAtMostOneAndAHalfKilobytesPerThread() throws IOException {
        ThreadProfile profile = withWorkers(1246);

        String text = Debug2Format.render(profile);

        assertTrue(text.length() <= 1536L * profile.total(), "debug=2: " + text.length() + " bytes for "
                + profile.total() + " threads");
        for (String thread : text.split("\n\n")) {
            if (thread.contains("\"worker-")) {
                assertTrue(thread.length() <= 1536, thread.length() + " bytes:\n" + thread);
                assertTrue(thread.contains("frames of io.javalin / jakarta.servlet / org.eclipse.jetty"), thread);
            }
        }
    }

    /** The exercise's threads, with its workers copied until there are {@code total} threads. */
    static ThreadProfile withWorkers(int total) throws IOException {
        ThreadProfile captured = exercise();
        List<ThreadSample> workers = captured.threads().stream()
                .filter(t -> t.name().startsWith("worker-") && t.createdBy() != null).toList();
        assertTrue(!workers.isEmpty(), "the fixture has no worker with a creation site");
        List<ThreadSample> threads = new ArrayList<>(captured.threads());
        long id = 1000;
        for (int i = 0; threads.size() < total; i++) {
            ThreadSample worker = workers.get(i % workers.size());
            Blocker blocker = worker.waitingOn() == null ? null : new Blocker(worker.waitingOn().kind(),
                    worker.waitingOn().className(), 0x10000000 + i / 15, -1, null);
            CreationSite site = new CreationSite(100 + i / 15, "http-" + (100 + i / 15), worker.createdBy().frames());
            threads.add(new ThreadSample(id++, "worker-" + (i / 15 + 3) + "-" + (i % 15 + 1), worker.state(),
                    worker.daemon(), false, worker.frames(), blocker, site, worker.origin()));
        }
        return new ThreadProfile(captured.capturedAt(), captured.process(), threads);
    }

    static ThreadProfile exercise() throws IOException {
        try (InputStream in = ProfileSizeTest.class.getResourceAsStream("/profiles/exercise-v1.json")) {
            return JsonFormat.read(in);
        }
    }
}
