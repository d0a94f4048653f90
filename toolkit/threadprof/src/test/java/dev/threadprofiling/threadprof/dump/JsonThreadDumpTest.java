package dev.threadprofiling.threadprof.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reading the JDK's JSON thread dump, on any JDK: the reader both virtual-thread capture and
 * {@code threadprof} on a {@code jcmd} file use. {@code jdk25-virtual.json} is a real Java 25 dump
 * (trimmed to six threads); {@code jdk21-shape-virtual.json} is the same dump with only the fields
 * Java 21 writes per thread ({@code tid}, {@code name}, {@code stack}).
 */
class JsonThreadDumpTest {

    @Test
    void java25DumpGivesVirtualThreadsWithStateAndBlocker() throws IOException {
        Map<String, ThreadSample> threads = virtual("jdk25-virtual.json");
        assertEquals(Set.of("vt-0", "vt-sync", "vt-sleep", "ex-1"), threads.keySet(), "only the virtual threads");
        ThreadSample parked = threads.get("vt-0");
        assertEquals(23, parked.id());
        assertEquals("WAITING", parked.state());
        assertTrue(parked.virtual() && parked.daemon());
        assertEquals(new Blocker(Blocker.Kind.PARK,
                "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", 0x47af7f3d, -1, null),
                parked.waitingOn());
        assertEquals(new StackFrame("java.base", "java.lang.VirtualThread", "park", "VirtualThread.java", 742),
                parked.topFrame());
        assertEquals(new StackFrame(null, "Probe", "lambda$main$0", "Probe.java", 7), parked.frames().get(8));
        assertEquals(ThreadSample.Origin.NOT_TRACKED, parked.origin());
        assertEquals(Blocker.Kind.MONITOR_WAIT, threads.get("vt-sync").waitingOn().kind());
        assertEquals("TIMED_WAITING", threads.get("vt-sleep").state());
        assertNull(threads.get("vt-sleep").waitingOn());
        assertEquals("java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture",
                threads.get("ex-1").frames().get(10).className(), "a thread in an executor's container is read too");
    }

    @Test
    void theWholeDumpHasThePlatformThreadsTooAndTheProcess() throws IOException {
        ThreadProfile profile = profile("jdk25-virtual.json");
        assertEquals(4329, profile.process().pid());
        assertEquals("25.0.3+9-LTS", profile.process().javaVersion());
        assertEquals(JsonThreadDump.SOURCE, profile.process().source());
        ThreadSample main = profile.threads().stream().filter(t -> t.name().equals("main")).findFirst().orElseThrow();
        assertEquals("RUNNABLE", main.state());
        assertTrue(!main.virtual() && !main.daemon());
        assertTrue(profile.total() > 4, "platform and virtual threads: " + profile.total());
    }

    @Test
    void java21DumpInfersTheSameStatesAsJava25WritesThem() throws IOException {
        Map<String, ThreadSample> java25 = byName(profile("jdk25-virtual.json").threads());
        Map<String, ThreadSample> java21 = byName(profile("jdk21-shape-virtual.json").threads());
        assertEquals(java25.keySet(), java21.keySet());
        java25.forEach((name, thread) -> {
            assertEquals(thread.state(), java21.get(name).state(), "state of " + name);
            assertEquals(thread.virtual(), java21.get(name).virtual(), "virtual flag of " + name);
        });
    }

    @Test
    void java21DumpWithoutStateOrVirtualFlagIsReadFromTheFrames() throws IOException {
        Map<String, ThreadSample> threads = virtual("jdk21-shape-virtual.json");
        assertEquals(Set.of("vt-0", "vt-sync", "vt-sleep", "ex-1"), threads.keySet(),
                "virtual: bottom frame VirtualThread.run; main and the carrier thread are not");
        assertEquals("WAITING", threads.get("vt-0").state(), "VirtualThread.park on top");
        assertEquals("WAITING", threads.get("vt-sync").state(), "Object.wait on top");
        assertEquals("TIMED_WAITING", threads.get("vt-sleep").state(), "VirtualThread.parkNanos on top");
        assertNull(threads.get("vt-0").waitingOn(), "Java 21 dumps name no blocker");
    }

    @Test
    void stateFromTheTopFrames() {
        assertEquals("TIMED_WAITING", JsonThreadDump.inferState(List.of(
                JsonThreadDump.frame("java.base/java.lang.Thread.sleep0(Native Method)"),
                JsonThreadDump.frame("java.base/java.lang.Thread.sleep(Thread.java:509)"))));
        assertEquals("TIMED_WAITING", JsonThreadDump.inferState(List.of(
                JsonThreadDump.frame("java.base/jdk.internal.misc.Unsafe.park(Native Method)"),
                JsonThreadDump.frame("java.base/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:269)"))));
        assertEquals("WAITING", JsonThreadDump.inferState(List.of(
                JsonThreadDump.frame("java.base/jdk.internal.misc.Unsafe.park(Native Method)"),
                JsonThreadDump.frame("java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:371)"))));
        assertEquals("WAITING", JsonThreadDump.inferState(List.of(
                JsonThreadDump.frame("java.base/java.lang.Object.wait0(Native Method)"))));
        assertEquals("RUNNABLE", JsonThreadDump.inferState(List.of(
                JsonThreadDump.frame("app//com.example.Busy.spin(Busy.java:9)"),
                JsonThreadDump.frame("java.base/java.lang.VirtualThread.run(VirtualThread.java:309)"))));
    }

    @Test
    void framesAreParsedAsStackTraceElementPrintsThem() {
        assertEquals(new StackFrame(null, "com.example.Foo", "bar", "Foo.java", 12),
                JsonThreadDump.frame("app//com.example.Foo.bar(Foo.java:12)"));
        assertEquals(new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null, StackFrame.NATIVE),
                JsonThreadDump.frame("java.base/jdk.internal.misc.Unsafe.park(Native Method)"));
        assertEquals(new StackFrame("foo", "com.foo.Main", "run", "Main.java", 101),
                JsonThreadDump.frame("com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)"));
        assertEquals(new StackFrame(null, "Foo$$Lambda", "run", null, -1),
                JsonThreadDump.frame("Foo$$Lambda/0x000001f0a1003a00.run(Unknown Source)"));
        assertEquals(new StackFrame(null, "Foo", "<init>", "Foo.java", -1),
                JsonThreadDump.frame("Foo.<init>(Foo.java)"));
    }

    @Test
    void aStackLineItCannotReadIsAnErrorNamingIt() {
        String dump = "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\",\"threads\":["
                + "{\"tid\":\"1\",\"name\":\"main\",\"stack\":[\"no frame here\"]}]}]}}";
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> JsonThreadDump.read(
                new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("not a JDK JSON thread dump: not a stack frame: no frame here"), e.getMessage());
    }

    @Test
    void lockObjectsAreClassAndIdentityHash() {
        assertEquals(new Blocker(Blocker.Kind.MONITOR_ENTER, "java.lang.Object", 0xf47af7f3, -1, null),
                JsonThreadDump.blocker(Blocker.Kind.MONITOR_ENTER, "java.lang.Object@f47af7f3", -1));
        assertEquals(new Blocker(Blocker.Kind.PARK, "Lock@xyz", 0, 7, null),
                JsonThreadDump.blocker(Blocker.Kind.PARK, "Lock@xyz", 7));
    }

    private static ThreadProfile profile(String dump) throws IOException {
        try (InputStream in = JsonThreadDumpTest.class.getResourceAsStream("/dumps/" + dump)) {
            assertTrue(in != null, "test dump " + dump);
            return JsonThreadDump.read(in);
        }
    }

    private static Map<String, ThreadSample> virtual(String dump) throws IOException {
        try (InputStream in = JsonThreadDumpTest.class.getResourceAsStream("/dumps/" + dump)) {
            assertTrue(in != null, "test dump " + dump);
            return byName(JsonThreadDump.readVirtualThreads(in));
        }
    }

    private static Map<String, ThreadSample> byName(List<ThreadSample> samples) {
        return samples.stream().collect(Collectors.toMap(ThreadSample::name, Function.identity()));
    }
}
