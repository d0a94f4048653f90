package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.testing.BlockedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.Profiles;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Debug1FormatTest {

    @Test
    void rendersGroupsAsGoDebug1() {
        String expected = """
                thread profile: total 7
                3 @ WAITING worker-*-* (worker-7-1, worker-7-3, worker-12-1)
                #	jdk.internal.misc.Unsafe.park(Native Method)
                #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                #	dev.threadprofiling.workerpool.TaskQueue.take(TaskQueue.java:52)
                #	dev.threadprofiling.workerpool.WorkerPool.work(WorkerPool.java:61)
                #	java.lang.Thread.run(Thread.java:840)

                2 @ WAITING producer-* (producer-5, producer-10)
                #	jdk.internal.misc.Unsafe.park(Native Method)
                #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                #	dev.threadprofiling.workerpool.WorkerPool.produce(WorkerPool.java:75)
                #	java.lang.Thread.run(Thread.java:840)

                1 @ RUNNABLE Signal Dispatcher

                1 @ WAITING virtual virtual-worker
                #	jdk.internal.misc.Unsafe.park(Native Method)
                #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                #	dev.threadprofiling.workerpool.TaskQueue.take(TaskQueue.java:52)
                #	dev.threadprofiling.workerpool.WorkerPool.work(WorkerPool.java:61)

                """;
        assertEquals(expected, Debug1Format.render(Profiles.small()));
    }

    @Test
    void groupsRealThreadsBlockedOnAQueue() throws Exception {
        String text;
        try (BlockedThreads threads = BlockedThreads.start()) {
            text = Debug1Format.render(ThreadCapture.create().capture());
        }

        List<String> lines = Arrays.asList(text.split("\n", -1));
        assertTrue(lines.get(0).matches("thread profile: total \\d+"), lines.get(0));
        int header = lines.indexOf("5 @ WAITING tp-queue-* (tp-queue-1, tp-queue-2, … 3 more)");
        assertTrue(header > 0, "no group of the 5 queue waiters in:\n" + text);
        List<String> frames = frameLines(lines, header);
        assertEquals("#\tjdk.internal.misc.Unsafe.park(Native Method)", frames.get(0));
        assertTrue(frames.stream().anyMatch(f -> f.startsWith("#\tjava.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:")), text);
        assertTrue(frames.stream().anyMatch(f -> f.startsWith("#\tdev.threadprofiling.threadprof.testing.BlockedThreads.awaitItem(BlockedThreads.java:")), text);
        assertTrue(frames.get(frames.size() - 1).startsWith("#\tjava.lang.Thread.run(Thread.java:"), text);
        assertFalse(text.contains("java.base/"), "frames are printed without module prefix");

        int blocked = lines.indexOf("2 @ BLOCKED tp-contender-* (tp-contender-1, tp-contender-2)");
        assertTrue(blocked > 0, "no group of the 2 contenders in:\n" + text);
        assertTrue(frameLines(lines, blocked).get(0).startsWith("#\tdev.threadprofiling.threadprof.testing.BlockedThreads.enterMonitor("));
        assertTrue(lines.contains("1 @ WAITING tp-holder"), text);
    }

    /** The frame lines after a group header, up to the blank line. */
    static List<String> frameLines(List<String> lines, int header) {
        int end = lines.subList(header, lines.size()).indexOf("") + header;
        return lines.subList(header + 1, end);
    }
}
