package dev.threadprofiling.threadprof.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses dumps that the JDK's own {@code jstack} and {@code jcmd} take of a child JVM running
 * {@link DumpedChildMain}: on the JDK running the tests and, where installed, on JDK 25 (the 21+ forms).
 */
@Timeout(120) // it waits on a child JVM and the JDK's jstack and jcmd
class RealDumpsTest {

    private static final int PARKED = 7;
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path dir;

    @Test
    void jstackOfThisJdk() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        try (Child child = Child.start(home)) {
            ThreadProfile profile = ThreadDumps.read(child.tool("jstack", String.valueOf(child.pid())), "jstack");
            assertParkedGroup(profile, home);
            assertEquals("jstack", profile.process().source());
        }
    }

    @Test
    void jcmdThreadPrintOfThisJdk() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        try (Child child = Child.start(home)) {
            ThreadProfile profile = ThreadDumps.read(
                    child.tool("jcmd", String.valueOf(child.pid()), "Thread.print"), "jcmd");
            assertParkedGroup(profile, home);
            assertEquals(child.pid(), profile.process().pid(), "jcmd's first line names the pid");
        }
    }

    @Test
    void jstackAndJcmdOfJdk25ReadTheJava21Form() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25.resolve("bin/jstack")),
                "tool missing: JDK 25 at " + JDK25 + ": skipping the JDK 21+ jstack form");
        try (Child child = Child.start(JDK25)) {
            byte[] jstack = child.tool("jstack", String.valueOf(child.pid()));
            assertTrue(new String(jstack, StandardCharsets.UTF_8).contains("Carrying virtual thread"),
                    "the mounted virtual thread shows on its carrier");
            assertTrue(new String(jstack, StandardCharsets.UTF_8).matches("(?s).*\"parked-0\" #\\d+ \\[\\d+\\] daemon.*"),
                    "JDK 21+ header with [os thread id]");
            ThreadProfile profile = ThreadDumps.read(jstack, "jstack");
            assertParkedGroup(profile, JDK25);
            assertParkedGroup(ThreadDumps.read(child.tool("jcmd", String.valueOf(child.pid()), "Thread.print"),
                    "jcmd"), JDK25);
        }
    }

    @Test
    void jcmdThreadDumpToFileJsonWithVirtualThreads() throws Exception {
        Path home = Runtime.version().feature() >= 21 ? Path.of(System.getProperty("java.home")) : JDK25;
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/jcmd")),
                "tool missing: a JDK 21+ (java.home or " + JDK25 + "): skipping jcmd Thread.dump_to_file -format=json");
        try (Child child = Child.start(home)) {
            Path file = dir.resolve("threads.json").toAbsolutePath();
            child.tool("jcmd", String.valueOf(child.pid()), "Thread.dump_to_file", "-format=json", file.toString());
            ThreadProfile profile = ThreadDumps.read(Files.readAllBytes(file), file.toString());
            assertEquals("jcmd-json", profile.process().source());
            assertEquals(child.pid(), profile.process().pid());
            StackGroup parked = parkedGroup(profile);
            assertEquals("WAITING", parked.state());
            assertEquals("jdk.internal.misc.Unsafe.park", parked.frames().get(0).function());
            assertEquals(Blocker.Kind.PARK, parked.threads().get(0).waitingOn().kind());
            assertTrue(parked.frames().stream().anyMatch(f -> f.function().equals(Parker.FUNCTION)));
            ThreadSample reader = profile.threads().stream().filter(t -> t.name().equals("virtual-reader"))
                    .findFirst().orElseThrow(() -> new AssertionError("no virtual-reader in " + names(profile)));
            assertTrue(reader.virtual(), "virtual-reader is a virtual thread");
            assertTrue(reader.frames().stream().anyMatch(f -> f.className().equals(DumpedChildMain.class.getName())),
                    "its stack reaches DumpedChildMain: " + reader.frames());
        }
    }

    private static void assertParkedGroup(ThreadProfile profile, Path home) {
        StackGroup parked = parkedGroup(profile);
        assertEquals("WAITING", parked.state());
        List<String> top = parked.frames().stream().limit(2).map(StackFrame::function).toList();
        assertEquals(List.of("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park"), top);
        assertEquals("java.base", parked.frames().get(0).moduleName(), "module prefix java.base@… is read");
        assertTrue(parked.frames().get(0).isNative());
        StackFrame take = parked.frames().stream().filter(f -> f.function().equals("java.util.concurrent.LinkedBlockingQueue.take"))
                .findFirst().orElseThrow();
        assertTrue(take.line() > 0 && "LinkedBlockingQueue.java".equals(take.fileName()), take.toString());
        StackFrame run = parked.frames().stream().filter(f -> f.function().equals(Parker.FUNCTION)).findFirst().orElseThrow();
        assertEquals("DumpedChildMain.java", run.fileName());
        assertEquals(null, run.moduleName(), "class-path frames have no module");
        Blocker blocker = parked.threads().get(0).waitingOn();
        assertNotNull(blocker, "- parking to wait for … is read");
        assertEquals(Blocker.Kind.PARK, blocker.kind());
        assertEquals("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", blocker.className());
        assertTrue(parked.threads().stream().allMatch(ThreadSample::daemon));
        assertFalse(profile.threads().stream().anyMatch(t -> t.name().startsWith("GC Thread")),
                "JVM-internal threads (no #id) are left out, as ThreadMXBean leaves them out: " + home);
        assertTrue(profile.threads().stream().anyMatch(t -> t.name().equals("Signal Dispatcher") && t.frames().isEmpty()),
                "Java threads without frames are kept");
    }

    private static StackGroup parkedGroup(ThreadProfile profile) {
        List<StackGroup> groups = ThreadGrouping.group(profile).stream()
                .filter(g -> g.threadNames().stream().allMatch(n -> n.startsWith("parked-"))).toList();
        assertEquals(1, groups.size(), "one group of parked threads in " + names(profile));
        StackGroup group = groups.get(0);
        assertEquals(PARKED, group.count());
        assertEquals("parked-* (parked-0, parked-1, … 5 more)", group.nameSummary());
        return group;
    }

    private static String names(ThreadProfile profile) {
        return profile.threads().stream().map(ThreadSample::name).collect(Collectors.joining(", "));
    }

    private static final class Parker {
        static final String FUNCTION = DumpedChildMain.Parker.class.getName() + ".run";
    }

    /** A child JVM of the JDK at {@code home} running {@link DumpedChildMain}, and that JDK's tools. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Path home;

        private Child(Process process, Path home) {
            this.process = process;
            this.home = home;
        }

        static Child start(Path home) throws IOException {
            Process process = new ProcessBuilder(home.resolve("bin/java").toString(), "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), DumpedChildMain.class.getName(),
                    String.valueOf(PARKED)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Child child = new Child(process, home);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                child.close();
                throw new IllegalStateException("child JVM did not start: " + line);
            }
            return child;
        }

        long pid() {
            return process.pid();
        }

        /** Runs {@code bin/<tool> args…} of the child's JDK and returns its standard output. */
        byte[] tool(String tool, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(home.resolve("bin").resolve(tool).toString());
            command.addAll(List.of(args));
            Path output = Files.createTempFile("threadprof-" + tool, ".out");
            try {
                Process run = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
                }
                assertEquals(0, run.exitValue(), String.join(" ", command) + " failed");
                return Files.readAllBytes(output);
            } finally {
                Files.deleteIfExists(output);
            }
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
