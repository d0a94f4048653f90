package dev.threadprofiling.threadprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code threadprof traces} on real jstack and {@code jcmd Thread.print} dumps of a deadlocked JVM (JDK 17 and 25). */
class DeadlockCliTest {

    /** The dumps threadprof's dump tests read (toolkit/threadprof/src/test/resources/dumps). */
    private static final Path DUMPS = Path.of("..", "threadprof", "src", "test", "resources", "dumps");

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-deadlock.jstack.txt", "jdk25-deadlock.jcmd.txt"})
    void tracesBeginsWithTheDeadlocksOfADump(String file) {
        Path dump = DUMPS.resolve(file);
        assertTrue(Files.isRegularFile(dump), dump.toAbsolutePath() + " exists");
        CliTest.Result result = CliTest.run("traces", dump.toString());
        assertEquals(0, result.status(), result.err());
        String[] lines = result.out().split("\n");
        assertTrue(lines[0].startsWith("thread profile: total "), result.out());
        assertEquals("Found one Java-level deadlock (ThreadMXBean.findDeadlockedThreads), 2 threads:", lines[1], result.out());
        assertTrue(lines[2].matches("\"account-0\" #\\d+ waits for monitor java.lang.Object"), lines[2]);
        assertTrue(lines[3].matches("\theld by \"account-1\" #\\d+, which locked it at dev\\.threadprofiling\\.threadprof\\.capture\\."
                + "DeadlockedThreads\\$Party\\.holdOwn\\(DeadlockedThreads\\.java:\\d+\\)"), lines[3]);
        assertTrue(result.out().contains("\"ledger-1\" #"), result.out());
        assertTrue(result.out().contains(" waits for lock java.util.concurrent.locks.ReentrantLock$NonfairSync\n"
                + "\theld by \"ledger-2\" #"), result.out());
        assertTrue(result.out().contains("\nFound 2 deadlocks.\n"), result.out());
    }
}
