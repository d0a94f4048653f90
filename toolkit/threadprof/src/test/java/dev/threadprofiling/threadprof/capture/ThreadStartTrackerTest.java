package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // it waits on child JVMs
class ThreadStartTrackerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static Thread startedBeforeRecording;
    private static ThreadStartTracker tracker;

    @BeforeAll
    static void startTracker() {
        startedBeforeRecording = new Thread(ThreadStartTrackerTest::awaitRelease, "started-before-recording");
        startedBeforeRecording.start();
        tracker = ThreadStartTracker.start();
    }

    @AfterAll
    static void stopTracker() throws InterruptedException {
        RELEASE.countDown();
        startedBeforeRecording.join(DEADLINE.toMillis());
        tracker.close();
    }

    @Test
    void recordsTheMethodThatStartedTheThreadAndItsParent() throws InterruptedException {
        Thread worker = new Thread(ThreadStartTrackerTest::awaitRelease, "tracked-worker");
        startTrackedWorker(worker);
        try {
            assertTrue(tracker.tryAwaitUpToDate(DEADLINE), "the tracker did not catch up within " + DEADLINE);

            CreationSite site = tracker.creationOf(worker.getId()).orElseThrow(
                    () -> new AssertionError("no creation site for " + worker.getName()));
            StackFrame caller = site.caller();
            assertEquals(ThreadStartTrackerTest.class.getName(), caller.className());
            assertEquals("startTrackedWorker", caller.methodName());
            assertEquals("ThreadStartTrackerTest.java", caller.fileName());
            assertTrue(caller.line() > 0, "line number: " + caller);
            assertEquals(Thread.currentThread().getName(), site.parentName());
            assertEquals(Thread.currentThread().getId(), site.parentId());
            assertEquals("recordsTheMethodThatStartedTheThreadAndItsParent", site.frames().get(1).methodName());
            assertTrue(site.describe().startsWith("created by " + ThreadStartTrackerTest.class.getName()
                    + ".startTrackedWorker(ThreadStartTrackerTest.java:"), site.describe());
            assertEquals(ThreadSample.Origin.RECORDED, tracker.originOf(worker.getId()));
        } finally {
            worker.interrupt();
            worker.join(DEADLINE.toMillis());
        }
    }

    @Test
    void noWaitWhenEveryLiveThreadIsKnownOrAwaitedOnce() throws InterruptedException {
        Thread worker = new Thread(ThreadStartTrackerTest::awaitRelease, "tracked-worker-2");
        startTrackedWorker(worker);
        try {
            int before = ThreadStartTracker.waitsSoFar();
            tracker.tryAwaitUpToDate(DEADLINE);
            assertEquals(before + 1, ThreadStartTracker.waitsSoFar(), "an unknown thread is awaited");
            assertEquals(ThreadSample.Origin.RECORDED, tracker.originOf(worker.getId()));

            tracker.tryAwaitUpToDate(DEADLINE);
            tracker.tryAwaitUpToDate(DEADLINE);
            assertEquals(before + 1, ThreadStartTracker.waitsSoFar(), "nothing new is unknown: no wait");
        } finally {
            worker.interrupt();
            worker.join(DEADLINE.toMillis());
        }
    }

    @Test
    void aThreadNotYetDeliveredIsShownAsSuchNeverAsStartedBeforeRecording() throws InterruptedException {
        Thread worker = new Thread(ThreadStartTrackerTest::awaitRelease, "tracked-worker-3");
        startTrackedWorker(worker);
        try {
            tracker.tryAwaitUpToDate(Duration.ZERO);
            ThreadSample.Origin origin = tracker.originOf(worker.getId());
            if (origin == ThreadSample.Origin.NOT_YET_RECORDED) {
                assertTrue(tracker.unrecordedForMillis(worker.getId()) >= 0);
            } else {
                assertEquals(ThreadSample.Origin.RECORDED, origin, "delivered by a flush in between");
            }
        } finally {
            worker.interrupt();
            worker.join(DEADLINE.toMillis());
        }
    }

    @Test
    void threadStartedBeforeTheRecordingIsMarkedSo() {
        assertTrue(tracker.tracking());
        assertTrue(tracker.tryAwaitUpToDate(DEADLINE), "the tracker did not catch up within " + DEADLINE);
        assertTrue(startedBeforeRecording.isAlive());
        assertFalse(tracker.creationOf(startedBeforeRecording.getId()).isPresent());
        assertEquals(ThreadSample.Origin.BEFORE_RECORDING, tracker.originOf(startedBeforeRecording.getId()));
    }

    @Test
    void endedThreadsAreForgottenButTheirParentIsKept() throws InterruptedException {
        Thread shortLived = new Thread(() -> {
        }, "short-lived");
        shortLived.start();
        shortLived.join(DEADLINE.toMillis());
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        // The end event can come one flush after the start event: wait for both.
        while (tracker.parentIdOf(shortLived.getId()).isEmpty()
                || tracker.creationOf(shortLived.getId()).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the end of " + shortLived.getName() + " was not seen");
            assertTrue(tracker.tryAwaitUpToDate(DEADLINE));
        }
        assertEquals(Thread.currentThread().getId(), tracker.parentIdOf(shortLived.getId()).getAsLong());
    }

    @Test
    void lambdaAndHiddenClassFramesAreNormalised() throws InterruptedException {
        Thread worker = new Thread(ThreadStartTrackerTest::awaitRelease, "started-from-a-lambda");
        Runnable startIt = () -> startTrackedWorker(worker);
        startIt.run();
        try {
            assertTrue(tracker.tryAwaitUpToDate(DEADLINE));
            CreationSite site = tracker.creationOf(worker.getId()).orElseThrow();
            assertEquals("startTrackedWorker", site.caller().methodName());
            assertTrue(site.frames().stream().anyMatch(f -> f.className().endsWith("ThreadStartTrackerTest$$Lambda")),
                    site.frames()::toString);
            assertTrue(site.frames().stream().noneMatch(f -> f.className().contains("0x")), site.frames()::toString);
        } finally {
            worker.interrupt();
            worker.join(DEADLINE.toMillis());
        }
    }

    @Test
    void captureShowsCreatedBy() throws InterruptedException {
        Thread worker = new Thread(ThreadStartTrackerTest::awaitRelease, "captured-worker");
        startTrackedWorker(worker);
        try {
            assertTrue(tracker.tryAwaitUpToDate(DEADLINE));
            ThreadSample sample = ThreadCapture.withCreatedBy(tracker).capture().threads().stream()
                    .filter(t -> t.id() == worker.getId()).findFirst().orElseThrow();
            assertEquals(ThreadSample.Origin.RECORDED, sample.origin());
            assertEquals("startTrackedWorker", sample.createdBy().caller().methodName());
        } finally {
            worker.interrupt();
            worker.join(DEADLINE.toMillis());
        }
    }

    @Test
    void withoutJfrTheTrackerFailsSoftAndTheJvmStillExits() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // A JVM without the jdk.jfr module, as in a jlink image that left it out.
        Process process = new ProcessBuilder(java.toString(), "--limit-modules", "java.base,java.logging,java.management",
                "-cp", System.getProperty("java.class.path"), SharedTrackerMain.class.getName())
                .redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the child JVM did not exit");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tracking=false origin=NOT_TRACKED"), output);
        List<String> warnings = output.lines().filter(l -> l.contains("JFR is unavailable")).toList();
        assertEquals(1, warnings.size(), output);
    }

    @Test
    void theTrackerDoesNotKeepTheJvmAlive() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SharedTrackerMain.class.getName()).redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(exited, "main returned but the JVM did not exit: " + output);
        assertTrue(output.contains("tracking=true origin=BEFORE_RECORDING"), output);
    }

    /** Starts the shared tracker and returns from main. */
    public static final class SharedTrackerMain {
        public static void main(String[] args) {
            ThreadStartTracker tracker = ThreadStartTracker.shared();
            System.out.println("tracking=" + tracker.tracking() + " origin="
                    + tracker.originOf(Thread.currentThread().getId()));
        }
    }

    private static void startTrackedWorker(Thread worker) {
        worker.start();
    }

    private static void awaitRelease() {
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
