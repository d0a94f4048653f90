package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadprofiling.threadprof.dump.JsonThreadDump;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ThreadCapture sees virtual threads on Java 21+, which ThreadMXBean and getAllStackTraces() do not. */
class VirtualThreadCaptureTest {

    private static final int PARKED = 25;
    private static final String SKIP = "virtual threads need Java 21+, this is Java " + Runtime.version().feature()
            + ": skipping the virtual-thread capture test";

    @Test
    void parkedVirtualThreadsArePresentVirtualWithTheirFramesAndCounted() throws Exception {
        assumeTrue(ParkedThreads.virtualSupported(), SKIP);
        ThreadProfile before = ThreadCapture.create().capture();
        try (ParkedThreads parked = ParkedThreads.startVirtual(PARKED, "vt-parked-")) {
            ThreadProfile profile = ThreadCapture.create().capture();
            Map<String, ThreadSample> byName = profile.threads().stream()
                    .filter(t -> t.name().startsWith("vt-parked-"))
                    .collect(Collectors.toMap(ThreadSample::name, Function.identity()));
            assertEquals(PARKED, byName.size(), () -> "parked virtual threads in the capture: " + byName.keySet());
            for (Thread thread : parked.threads()) {
                ThreadSample sample = byName.get(thread.getName());
                assertEquals(thread.getId(), sample.id(), "id of " + thread.getName());
                assertTrue(sample.virtual(), thread.getName() + " is marked virtual");
                assertTrue(sample.daemon(), "virtual threads are daemon");
                assertEquals("WAITING", sample.state(), "state of " + thread.getName());
                List<String> functions = sample.frames().stream().map(StackFrame::function).collect(Collectors.toList());
                assertTrue(functions.contains("java.util.concurrent.LinkedBlockingQueue.take"), () -> "frames: " + functions);
                assertTrue(functions.contains(ParkedThreads.class.getName() + "." + ParkedThreads.METHOD), () -> "frames: " + functions);
                assertEquals("java.lang.VirtualThread.run", functions.get(functions.size() - 1), "bottom frame");
                StackFrame take = sample.frames().stream()
                        .filter(f -> f.methodName().equals("take")).findFirst().orElseThrow();
                assertEquals("java.base", take.moduleName());
                assertEquals("LinkedBlockingQueue.java", take.fileName());
                assertTrue(take.line() > 0, "line of " + take);
                if (Runtime.version().feature() >= 24) {   // older dumps carry no park blocker
                    assertEquals(Blocker.Kind.PARK, sample.waitingOn().kind(), "blocker of " + thread.getName());
                    assertTrue(sample.waitingOn().className().endsWith("ConditionObject"), sample.waitingOn().describe());
                }
            }
            assertTrue(profile.total() >= before.total() + PARKED,
                    "total " + profile.total() + " counts the " + PARKED + " virtual threads (before: " + before.total() + ")");
            Set<Long> ids = new HashSet<>();
            profile.threads().forEach(t -> assertTrue(ids.add(t.id()), "thread id " + t.id() + " listed once"));
            ThreadSample main = profile.threads().stream()
                    .filter(t -> t.id() == Thread.currentThread().getId()).findFirst().orElseThrow();
            assertFalse(main.virtual(), "the test's own platform thread is not virtual");
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("vt-parked-")),
                    "getAllStackTraces() does not see virtual threads: that is why the JSON dump is read");
        }
        ThreadProfile after = ThreadCapture.create().capture();
        assertTrue(after.threads().stream().noneMatch(t -> t.name().startsWith("vt-parked-")),
                "released virtual threads are gone from the next capture");
    }

    @Test
    void idsAlreadyCapturedAsPlatformThreadsAreLeftOutAndCreatedByIsAsked() throws Exception {
        List<ThreadSample> dumped;
        try (InputStream in = getClass().getResourceAsStream("/dumps/jdk25-virtual.json")) {
            dumped = JsonThreadDump.readVirtualThreads(in);
        }
        CreationSite site = new CreationSite(1, "main", List.of(new StackFrame(null, "Probe", "main", "Probe.java", 7)));
        CreationLookup lookup = new CreationLookup() {
            @Override
            public Optional<CreationSite> creationOf(long threadId) {
                return threadId == 28 ? Optional.of(site) : Optional.empty();
            }

            @Override
            public boolean tracking() {
                return true;
            }
        };
        Map<String, ThreadSample> byName = VirtualThreads.withCreatedBy(dumped, Set.of(23L), lookup).stream()
                .collect(Collectors.toMap(ThreadSample::name, Function.identity()));
        assertEquals(Set.of("vt-sync", "vt-sleep", "ex-1"), byName.keySet(), "vt-0 (#23) came from ThreadMXBean");
        ThreadSample recorded = byName.values().stream().filter(t -> t.id() == 28).findFirst().orElseThrow();
        assertEquals(site, recorded.createdBy());
        assertEquals(ThreadSample.Origin.RECORDED, recorded.origin());
        assertTrue(byName.values().stream().filter(t -> t.id() != 28)
                .allMatch(t -> t.origin() == ThreadSample.Origin.BEFORE_RECORDING));
    }

    @Test
    void onJava25TheUnblockerThreadIsAliveOnceAVirtualThreadExists() throws Exception {
        assumeTrue(Runtime.version().feature() == 25, "the no-virtual-threads shortcut applies to Java 25 only");
        try (ParkedThreads parked = ParkedThreads.startVirtual(1, "vt-unblocker-")) {
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.getName().equals(VirtualThreads.UNBLOCKER_THREAD)),
                    "capture skips the dump without a platform thread named " + VirtualThreads.UNBLOCKER_THREAD
                            + ": this JDK must start it with its first virtual thread");
        }
    }

    @Test
    void virtualThreadCaptureCanBeSwitchedOff() throws Exception {
        assumeTrue(ParkedThreads.virtualSupported(), SKIP);
        try (ParkedThreads parked = ParkedThreads.startVirtual(3, "vt-off-")) {
            System.setProperty(VirtualThreads.ENABLED_PROPERTY, "false");
            ThreadProfile profile;
            try {
                profile = ThreadCapture.create().capture();
            } finally {
                System.clearProperty(VirtualThreads.ENABLED_PROPERTY);
            }
            assertTrue(profile.threads().stream().noneMatch(ThreadSample::virtual),
                    "-D" + VirtualThreads.ENABLED_PROPERTY + "=false: platform threads only");
        }
    }

    @Test
    void beforeJava21NoVirtualThreadsAreLookedFor() {
        assumeTrue(!ParkedThreads.virtualSupported(), "Java " + Runtime.version().feature()
                + " has virtual threads: the Java 17 path is tested on Java 17");
        assertFalse(VirtualThreads.enabled(), "no JSON thread dump before Java 21");
        assertTrue(ThreadCapture.create().capture().threads().stream().noneMatch(ThreadSample::virtual));
    }
}
