package dev.threadprofiling.threadprof.capture;

import static dev.threadprofiling.threadprof.capture.DeadlockedThreads.Resource.LOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deadlocks among virtual threads (Java 21+; this source folder is compiled only there), which
 * {@code ThreadMXBean.findDeadlockedThreads()} does not see. What the profile can still say depends
 * on what the JDK's JSON thread dump names: on Java 25 a BLOCKED thread's {@code blockedOn} monitor and
 * every thread's {@code monitorsOwned}, so a cycle of monitors is followed; a parked thread's
 * {@code parkBlocker} without its owner, so a cycle of {@code ReentrantLock}s is not. Java 21's dump
 * has neither.
 */
class VirtualThreadDeadlockTest {

    /** The first version whose JSON thread dump lists {@code blockedOn} and {@code monitorsOwned}, measured. */
    private static final int MONITOR_OWNERS_IN_DUMP_SINCE = 25;

    @Test
    void aCycleOfReentrantLocksAmongVirtualThreadsIsSeenByNeitherTheJvmNorTheDump() throws Exception {
        List<Long> ids;
        try (DeadlockedThreads cycle = DeadlockedThreads.startWith(
                (name, body) -> Thread.ofVirtual().name(name).unstarted(body), "vt-locks", LOCK, LOCK)) {
            ids = cycle.ids();
            long[] jvm = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
            assertTrue(jvm == null || java.util.Arrays.stream(jvm).noneMatch(ids::contains),
                    "findDeadlockedThreads does not see virtual threads");
            ThreadProfile profile = ThreadCapture.create().capture();
            for (long id : ids) {
                ThreadSample thread = profile.threads().stream().filter(t -> t.id() == id).findFirst()
                        .orElseThrow(() -> new AssertionError("virtual thread " + id + " is in the profile"));
                assertTrue(thread.virtual());
                if (Runtime.version().feature() >= MONITOR_OWNERS_IN_DUMP_SINCE) {
                    assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", thread.waitingOn().className(),
                            "the dump names the lock a virtual thread parks on");
                    assertEquals(-1, thread.waitingOn().ownerId(), "but not its owner");
                }
                assertEquals(null, profile.deadlockOf(id), "so the cycle cannot be followed");
            }
        }
        for (long id : ids) {
            assertFalse(ThreadCapture.create().capture().threads().stream().anyMatch(t -> t.id() == id), "released");
        }
    }

    @Test
    void aCycleOfMonitorsAmongVirtualThreadsIsFollowedFromTheDumpOnJava25() throws Exception {
        String own = ownProfileOfAChild("--virtual", "vaccount=MONITOR,MONITOR", "vmixed=MONITOR,LOCK");
        if (Runtime.version().feature() >= MONITOR_OWNERS_IN_DUMP_SINCE) {
            assertTrue(own.matches("(?s)thread profile: total \\d+\n"
                    + "Found one deadlock from lock owners \\(virtual threads, which the JVM does not check\\), 2 threads:\n"
                    + "\"vaccount-0\" #\\d+ waits for monitor java.lang.Object@[0-9a-f]+\n"
                    + "\theld by \"vaccount-1\" #\\d+, which is now at .*\n"
                    + "\"vaccount-1\" #\\d+ waits for monitor java.lang.Object@[0-9a-f]+\n"
                    + "\theld by \"vaccount-0\" #\\d+, which is now at .*\n"
                    + "\nFound 1 deadlock.\n.*"), "the monitor cycle, and not the mixed one (no lock owner):\n" + own);
        } else {
            assertFalse(own.contains("Found one"), "Java " + Runtime.version().feature()
                    + "'s dump names no monitor owner of a virtual thread:\n" + own);
        }
        assertTrue(own.contains("2 @ BLOCKED virtual vaccount-* (vaccount-0, vaccount-1)"), own);
    }

    /** Runs {@link DeadlockedChildMain} with {@code args} on this JDK and returns the {@code debug=1} it prints. */
    private static String ownProfileOfAChild(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeadlockedChildMain.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder own = new StringBuilder();
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                own.append(line).append('\n');
            }
            return own.toString();
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }
}
