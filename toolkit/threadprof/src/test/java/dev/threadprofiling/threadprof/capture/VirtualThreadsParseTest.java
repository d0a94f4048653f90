package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reading the JDK's JSON thread dump, on any JDK. {@code jdk25-virtual.json} is a real Java 25 dump
 * (trimmed to six threads); {@code jdk21-shape-virtual.json} is the same dump with only the fields
 * Java 21 writes per thread ({@code tid}, {@code name}, {@code stack}).
 */
class VirtualThreadsParseTest {

    @Test
    void java25DumpGivesVirtualThreadsWithStateAndBlockerAndSkipsPlatformOnes() throws IOException {
        Map<String, ThreadSample> threads = parse("jdk25-virtual.json", Set.of());
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
    void idsAlreadyCapturedAsPlatformThreadsAreLeftOut() throws IOException {
        assertEquals(Set.of("vt-sync", "vt-sleep", "ex-1"), parse("jdk25-virtual.json", Set.of(23L)).keySet());
    }

    @Test
    void java21DumpWithoutStateOrVirtualFlagIsReadFromTheFrames() throws IOException {
        Map<String, ThreadSample> threads = parse("jdk21-shape-virtual.json", Set.of());
        assertEquals(Set.of("vt-0", "vt-sync", "vt-sleep", "ex-1"), threads.keySet(),
                "virtual: bottom frame VirtualThread.run; main and the carrier thread are not");
        assertEquals("WAITING", threads.get("vt-0").state(), "VirtualThread.park on top");
        assertEquals("WAITING", threads.get("vt-sync").state(), "Object.wait on top");
        assertEquals("TIMED_WAITING", threads.get("vt-sleep").state(), "VirtualThread.parkNanos on top");
        assertNull(threads.get("vt-0").waitingOn(), "Java 21 dumps name no blocker");
    }

    @Test
    void stateIsRunnableWhenTheTopFramesShowNoParking() {
        assertEquals("RUNNABLE", VirtualThreads.inferState(List.of(
                VirtualThreads.parseFrame("app//com.example.Busy.spin(Busy.java:9)"),
                VirtualThreads.parseFrame("java.base/java.lang.VirtualThread.run(VirtualThread.java:309)"))));
    }

    @Test
    void framesAreParsedAsStackTraceElementPrintsThem() {
        assertEquals(new StackFrame(null, "com.example.Foo", "bar", "Foo.java", 12),
                VirtualThreads.parseFrame("app//com.example.Foo.bar(Foo.java:12)"));
        assertEquals(new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null, StackFrame.NATIVE),
                VirtualThreads.parseFrame("java.base/jdk.internal.misc.Unsafe.park(Native Method)"));
        assertEquals(new StackFrame("foo", "com.foo.Main", "run", "Main.java", 101),
                VirtualThreads.parseFrame("com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)"));
        assertEquals(new StackFrame(null, "Foo$$Lambda", "run", null, -1),
                VirtualThreads.parseFrame("Foo$$Lambda/0x000001f0a1003a00.run(Unknown Source)"));
        assertEquals(new StackFrame(null, "Foo", "<init>", "Foo.java", -1),
                VirtualThreads.parseFrame("Foo.<init>(Foo.java)"));
    }

    private static Map<String, ThreadSample> parse(String dump, Set<Long> platformIds) throws IOException {
        try (InputStream in = VirtualThreadsParseTest.class.getResourceAsStream("/dumps/" + dump)) {
            assertTrue(in != null, "test dump " + dump);
            List<ThreadSample> samples = VirtualThreads.parse(in, platformIds, CreationLookup.NONE);
            return samples.stream().collect(Collectors.toMap(ThreadSample::name, Function.identity()));
        }
    }
}
