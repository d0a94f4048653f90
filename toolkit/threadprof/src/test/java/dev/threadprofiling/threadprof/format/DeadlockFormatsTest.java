package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.capture.DeadlockedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code debug=1}, {@code debug=2} and pprof point a deadlock out, and say nothing of one that is not there. */
class DeadlockFormatsTest {

    private static final String PARTY = DeadlockedThreads.class.getName() + "$Party";

    @Test
    void debug1AndDebug2BeginWithTheCycle() throws Exception {
        ThreadProfile profile = captureWhileDeadlocked("transfer", DeadlockedThreads.Resource.LOCK, DeadlockedThreads.Resource.MONITOR);
        List<Long> ids = profile.deadlocks().get(0).threadIds();
        // transfer-0 holds lock 0 and waits for monitor 1; transfer-1 holds monitor 1 and waits for lock 0
        String section = "Found one Java-level deadlock (ThreadMXBean.findDeadlockedThreads), 2 threads:\n"
                + "\"transfer-0\" #" + ids.get(0) + " waits for monitor java.lang.Object@HASH\n"
                + "\theld by \"transfer-1\" #" + ids.get(1) + ", which locked it at " + PARTY + ".holdOwn(DeadlockedThreads.java:LINE)\n"
                + "\"transfer-1\" #" + ids.get(1) + " waits for lock java.util.concurrent.locks.ReentrantLock$NonfairSync@HASH\n"
                + "\theld by \"transfer-0\" #" + ids.get(0) + ", which is now at " + PARTY + ".takeNext(DeadlockedThreads.java:LINE)"
                + " (where it took a java.util.concurrent lock is not recorded)\n"
                + "\n"
                + "Found 1 deadlock.\n"
                + "\n";
        Pattern expected = Pattern.compile(Pattern.quote(section).replace("HASH", "\\E[0-9a-f]+\\Q").replace("LINE", "\\E\\d+\\Q"));

        String debug1 = Debug1Format.render(profile);
        String header1 = "thread profile: total " + profile.total() + "\n";
        assertTrue(debug1.startsWith(header1), debug1);
        assertTrue(expected.matcher(debug1.substring(header1.length())).lookingAt(), "debug=1 begins with the cycle:\n" + debug1);

        String debug2 = Debug2Format.render(profile);
        String header2 = "thread profile: total " + profile.total() + "\n\n";
        assertTrue(debug2.startsWith(header2), debug2);
        assertTrue(expected.matcher(debug2.substring(header2.length())).lookingAt(), "debug=2 begins with the cycle:\n" + debug2);
        assertTrue(debug2.contains("thread " + ids.get(0) + " \"transfer-0\" [BLOCKED, daemon]:"), "and lists the thread as before:\n" + debug2);
    }

    @Test
    void jsonCarriesTheCyclesAndReadsThemBack() throws Exception {
        ThreadProfile profile = captureWhileDeadlocked("json", DeadlockedThreads.Resource.MONITOR,
                DeadlockedThreads.Resource.LOCK, DeadlockedThreads.Resource.MONITOR);
        assertEquals(1, profile.deadlocks().size());
        String json = JsonFormat.write(profile);
        assertEquals(profile, JsonFormat.read(json), "the cycle survives a round trip");
        assertTrue(json.contains("\"deadlocks\": [\n    {\"detectedBy\":\"JVM\",\"heading\":\"Found one Java-level deadlock"
                + " (ThreadMXBean.findDeadlockedThreads), 3 threads:\",\"edges\":[{\"threadId\":"), json);
        assertTrue(json.contains("\"taken\":\"LOCKED_AT\",\"holder\":\"held by \\\"json-2\\\" #"), json);
        String older = json.replaceAll("(?s),\n  \"deadlocks\": \\[.*\\]\n}", "\n}");
        assertEquals(List.of(), JsonFormat.read(older).deadlocks(), "a profile saved before deadlocks were written reads:\n" + older);
    }

    @Test
    void pprofLabelsEachThreadOfTheCycle() throws Exception {
        ThreadProfile profile = captureWhileDeadlocked("labelled", DeadlockedThreads.Resource.LOCK,
                DeadlockedThreads.Resource.LOCK, DeadlockedThreads.Resource.LOCK);
        PprofDecoder.Profile decoded = PprofDecoder.decode(PprofFormat.encode(profile));
        for (int i = 0; i < 3; i++) {
            String holder = "labelled-" + ((i + 1) % 3);
            List<Map<String, String>> labels = decoded.samples().stream().map(PprofDecoder.Sample::labels)
                    .filter(l -> holder.equals(l.get("waits_for"))).toList();
            assertEquals(1, labels.size(), "one sample waits for " + holder + ": " + decoded.samples());
            assertEquals("1", labels.get(0).get("deadlock"));
            assertTrue(labels.get(0).get("lock").startsWith("lock java.util.concurrent.locks.ReentrantLock$NonfairSync@"),
                    labels.get(0).toString());
        }
    }

    @Test
    void aProfileWithoutADeadlockSaysNothingOfOne() {
        ThreadProfile profile = ThreadCapture.create().capture();
        assertEquals(List.of(), profile.deadlocks());
        assertFalse(Debug1Format.render(profile).contains("deadlock"), Debug1Format.render(profile));
        assertFalse(Debug2Format.render(profile).contains("Found one"));
        assertTrue(PprofDecoder.decode(PprofFormat.encode(profile)).samples().stream()
                .noneMatch(s -> s.labels().containsKey("deadlock")));
    }

    /** A capture taken while threads {@code prefix-0 …} are deadlocked on {@code resources}; they are released after. */
    private static ThreadProfile captureWhileDeadlocked(String prefix, DeadlockedThreads.Resource... resources) throws InterruptedException {
        try (DeadlockedThreads cycle = DeadlockedThreads.start(prefix, resources)) {
            ThreadProfile profile = ThreadCapture.create().capture();
            assertEquals(1, profile.deadlocks().size(), profile.deadlocks().toString());
            assertEquals(cycle.ids(), profile.deadlocks().get(0).threadIds());
            return profile;
        }
    }
}
