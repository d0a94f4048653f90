package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.testing.BlockedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.Profiles;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Debug2FormatTest {

    @Test
    void rendersEveryThreadWithBlockerAndCreatedBy() {
        List<ThreadSample> all = Profiles.small().threads();
        ThreadProfile profile = new ThreadProfile(Profiles.small().capturedAt(), Profiles.small().process(),
                List.of(all.get(1), all.get(0), all.get(5), all.get(6)));
        String expected = """
                thread profile: total 4

                thread 42 "worker-7-3" [WAITING, daemon]:
                \tparked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@1b6d3586
                jdk.internal.misc.Unsafe.park(Native Method)
                java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                dev.threadprofiling.workerpool.TaskQueue.take(TaskQueue.java:52)
                dev.threadprofiling.workerpool.WorkerPool.work(WorkerPool.java:61)
                java.lang.Thread.run(Thread.java:840)
                created by dev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40) in thread "jetty-http-12" #31
                \tdev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40)
                \tdev.threadprofiling.workerpool.ProcessHandler.handle(ProcessHandler.java:30)

                thread 50 "producer-10" [WAITING]:
                jdk.internal.misc.Unsafe.park(Native Method)
                java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                dev.threadprofiling.workerpool.WorkerPool.produce(WorkerPool.java:75)
                java.lang.Thread.run(Thread.java:840)
                created by: unknown (started before recording began)

                thread 60 "virtual-worker" [WAITING, daemon, virtual]:
                jdk.internal.misc.Unsafe.park(Native Method)
                java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                dev.threadprofiling.workerpool.TaskQueue.take(TaskQueue.java:52)
                dev.threadprofiling.workerpool.WorkerPool.work(WorkerPool.java:61)

                thread 3 "Signal Dispatcher" [RUNNABLE, daemon]:

                """;
        assertEquals(expected, Debug2Format.render(profile));
    }

    @Test
    void foldsTheFrameworkFramesOfACreationStackIntoCountedLines() {
        ThreadProfile profile = new ThreadProfile(Profiles.small().capturedAt(), Profiles.small().process(),
                List.of(createdThroughJavalin()));
        String expected = """
                thread profile: total 1

                thread 42 "worker-7-3" [WAITING]:
                java.lang.Thread.run(Thread.java:840)
                created by dev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40) in thread "http-31" #31
                \t… 1 frame of java.util
                \tdev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40)
                \tdev.threadprofiling.workerpool.ProcessHandler.handle(ProcessHandler.java:30)
                \t… 4 frames of io.javalin / jakarta.servlet / org.eclipse.jetty / java.lang

                """;
        assertEquals(expected, Debug2Format.render(profile));
        String full = Debug2Format.render(profile, Debug2Format.CreationStacks.FULL);
        assertTrue(full.contains("\n\tjava.util.concurrent.ThreadPoolExecutor.addWorker(ThreadPoolExecutor.java:945)\n"
                + "\tdev.threadprofiling.workerpool.WorkerPool.startWorkers(WorkerPool.java:40)\n"), full);
        assertTrue(full.contains("\n\torg.eclipse.jetty.server.Server.handle(Server.java:197)\n"), full);
        assertTrue(!full.contains("…"), full);
    }

    @Test
    void aThreadWhoseStartIsNotYetRecordedSaysSinceWhenItIsKnown() {
        ThreadSample pending = new ThreadSample(77, "worker-9-1", "RUNNABLE", false, false, List.of(Profiles.RUN),
                null, null, ThreadSample.Origin.NOT_YET_RECORDED, 120);
        String text = Debug2Format.render(new ThreadProfile(Profiles.small().capturedAt(), Profiles.small().process(),
                List.of(pending)));
        assertTrue(text.contains("\ncreated by: not yet recorded (started 120 ms ago)\n"), text);
    }

    private static ThreadSample createdThroughJavalin() {
        List<StackFrame> creation = List.of(
                new StackFrame("java.base", "java.util.concurrent.ThreadPoolExecutor", "addWorker",
                        "ThreadPoolExecutor.java", 945),
                Profiles.START_WORKERS, Profiles.HANDLE,
                new StackFrame(null, "io.javalin.router.ParsedEndpoint", "handle", "ParsedEndpoint.java", 15),
                new StackFrame(null, "jakarta.servlet.http.HttpServlet", "service", "HttpServlet.java", 614),
                new StackFrame(null, "org.eclipse.jetty.server.Server", "handle", "Server.java", 197),
                Profiles.RUN);
        return new ThreadSample(42, "worker-7-3", "WAITING", false, false, List.of(Profiles.RUN), null,
                new CreationSite(31, "http-31", creation), ThreadSample.Origin.RECORDED);
    }

    @Test
    void showsTheMonitorOwnerOfRealBlockedThreads() throws Exception {
        String text;
        long holderId;
        try (BlockedThreads threads = BlockedThreads.start()) {
            holderId = threads.holder().getId();
            text = Debug2Format.render(ThreadCapture.create().capture());
        }

        List<String> lines = Arrays.asList(text.split("\n", -1));
        assertTrue(lines.get(0).matches("thread profile: total \\d+"), lines.get(0));
        for (String name : List.of("tp-contender-1", "tp-contender-2")) {
            int header = indexOfHeader(lines, name);
            assertTrue(lines.get(header).endsWith("\"" + name + "\" [BLOCKED]:"), lines.get(header));
            String blocker = lines.get(header + 1);
            assertTrue(blocker.matches("\tblocked on java\\.lang\\.Object@[0-9a-f]+ owned by \"tp-holder\" #"
                    + holderId), blocker);
            assertTrue(lines.get(header + 2).startsWith("dev.threadprofiling.threadprof.testing.BlockedThreads.enterMonitor("),
                    lines.get(header + 2));
        }
        int waiter = indexOfHeader(lines, "tp-queue-3");
        assertTrue(lines.get(waiter).endsWith("\"tp-queue-3\" [WAITING]:"), lines.get(waiter));
        assertTrue(lines.get(waiter + 1).startsWith(
                "\tparked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@"), lines.get(waiter + 1));
    }

    private static int indexOfHeader(List<String> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("thread ") && lines.get(i).contains(" \"" + name + "\" [")) {
                return i;
            }
        }
        throw new AssertionError("no thread \"" + name + "\" in:\n" + String.join("\n", lines));
    }
}
