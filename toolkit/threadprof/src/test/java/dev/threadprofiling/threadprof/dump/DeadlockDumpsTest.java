package dev.threadprofiling.threadprof.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.capture.DeadlockedChildMain;
import dev.threadprofiling.threadprof.capture.DeadlockedThreads;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Reads the "Found one Java-level deadlock" sections of real {@code jstack} and {@code jcmd Thread.print}
 * dumps of a {@link DeadlockedChildMain} ({@code account=MONITOR,MONITOR ledger=LOCK,MONITOR,LOCK}), saved
 * from JDK 17 and 25, and of one taken now; the child's own {@code debug=1} finds the monitor-only cycle
 * that cannot be ended in-process.
 */
class DeadlockDumpsTest {

    private static final String PARTY = DeadlockedThreads.class.getName() + "$Party";

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-deadlock.jstack.txt", "jdk17-deadlock.jcmd.txt", "jdk25-deadlock.jstack.txt",
            "jdk25-deadlock.jcmd.txt"})
    void savedDumpsCarryBothCycles(String file) throws IOException {
        try (InputStream in = DeadlockDumpsTest.class.getResourceAsStream("/dumps/" + file)) {
            assertCycles(JstackParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aDumpTakenNowAndTheChildsOwnProfileAgree() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        Process child = new ProcessBuilder(home.resolve("bin/java").toString(), "-cp", System.getProperty("java.class.path"),
                DeadlockedChildMain.class.getName(), "account=MONITOR,MONITOR", "ledger=LOCK,MONITOR,LOCK")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder own = new StringBuilder();
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                own.append(line).append('\n');
            }
            String text = own.toString();
            assertTrue(text.matches("(?s)thread profile: total \\d+\n"
                    + "Found one Java-level deadlock \\(ThreadMXBean.findDeadlockedThreads\\), 2 threads:\n"
                    + "\"account-0\" #\\d+ waits for monitor java.lang.Object@[0-9a-f]+\n"
                    + "\theld by \"account-1\" #\\d+, which locked it at " + PARTY.replace("$", "\\$") + ".holdOwn\\(DeadlockedThreads.java:\\d+\\)\n"
                    + ".*Found 2 deadlocks.\n.*"), "the child finds the monitor-only cycle itself:\n" + text);
            ThreadProfile dumped = JstackParser.parse(jstack(home, child.pid()));
            assertCycles(dumped);
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static String jstack(Path home, long pid) throws IOException, InterruptedException {
        Path output = Files.createTempFile("threadprof-jstack", ".out");
        try {
            Process run = new ProcessBuilder(home.resolve("bin/jstack").toString(), String.valueOf(pid))
                    .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "jstack finished");
            assertEquals(0, run.exitValue(), "jstack failed");
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void assertCycles(ThreadProfile profile) {
        List<Deadlock> deadlocks = profile.deadlocks();
        assertEquals(2, deadlocks.size(), deadlocks.toString());
        Deadlock accounts = deadlocks.get(0);
        assertEquals(List.of("account-0", "account-1"), names(accounts));
        for (Deadlock.Edge edge : accounts.edges()) {
            assertEquals(Deadlock.LockKind.MONITOR, edge.lock().kind());
            assertEquals("java.lang.Object", edge.lock().className());
            assertEquals(Deadlock.Taken.LOCKED_AT, edge.taken(), edge.toString());
            assertEquals(PARTY + ".holdOwn", edge.takenAt().className() + "." + edge.takenAt().methodName());
        }
        Deadlock ledger = deadlocks.get(1);
        assertEquals(List.of("ledger-0", "ledger-1", "ledger-2"), names(ledger));
        assertEquals(Deadlock.LockKind.MONITOR, ledger.edges().get(0).lock().kind());
        assertEquals(Deadlock.Taken.LOCKED_AT, ledger.edges().get(0).taken());
        assertEquals("holdOwn", ledger.edges().get(0).takenAt().methodName());
        for (Deadlock.Edge edge : ledger.edges().subList(1, 3)) {
            assertEquals(Deadlock.LockKind.SYNCHRONIZER, edge.lock().kind());
            assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", edge.lock().className());
            assertEquals(Deadlock.Taken.HOLDER_APPLICATION_FRAME, edge.taken());
            assertEquals("takeNext", edge.takenAt().methodName());
        }
        for (Deadlock deadlock : deadlocks) {
            for (Deadlock.Edge edge : deadlock.edges()) {
                assertTrue(profile.threads().stream().anyMatch(t -> t.id() == edge.threadId() && t.name().equals(edge.threadName())),
                        "the edge's thread id is the dump's: " + edge);
            }
        }
    }

    private static List<String> names(Deadlock deadlock) {
        List<String> names = new ArrayList<>();
        deadlock.edges().forEach(edge -> names.add(edge.threadName()));
        return names;
    }
}
