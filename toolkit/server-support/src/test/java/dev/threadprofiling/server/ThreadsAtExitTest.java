package dev.threadprofiling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a server's stop prints about its own threads: chapter 3's request threads, or the ones a server names. */
class ThreadsAtExitTest {

    @Test
    void chapter3sLineIsUnchanged() {
        assertEquals("stopped: 0 worker/producer threads alive at exit", RequestThreads.AT_EXIT.stoppedLine(List.of()));
        assertEquals("stopped: 7 worker/producer threads alive at exit (producer-1, worker-1-1, worker-1-2, worker-1-3, "
                + "worker-2-1, … 2 more)", RequestThreads.AT_EXIT.stoppedLine(List.of("producer-1", "worker-1-1",
                "worker-1-2", "worker-1-3", "worker-2-1", "worker-2-2", "worker-2-3")));
    }

    @Test
    void aNamedThreadIsReportedUnderItsOwnName() throws Exception {
        try (Parked parked = new Parked("audit-writer", "worker-1-1")) {
            ThreadsAtExit audit = ThreadsAtExit.named("audit-writer");
            assertEquals(List.of("audit-writer"), audit.alive(), "only the thread it names, not worker-1-1");
            assertEquals("stopped: 1 audit-writer threads alive at exit (audit-writer)", audit.stoppedLine(audit.alive()));
        }
    }

    @Test
    void theGraceLetsAThreadTheStopEndedFinishWhileChapter3CountsAtOnce() throws Exception {
        try (Parked parked = new Parked("audit-writer", "worker-9-1")) {
            parked.releaseAfter(300);
            assertTrue(RequestThreads.AT_EXIT.aliveAfterGrace().contains("worker-9-1"),
                    "chapter 3 counts the moment the server has stopped");
            assertEquals(List.of(), ThreadsAtExit.named("audit-writer").aliveAfterGrace(),
                    "the writer ends 300 ms later, within the grace");
        }
    }

    @Test
    void aThreadStillAliveAfterTheGraceIsReported() throws Exception {
        try (Parked parked = new Parked("stuck-writer")) {
            ThreadsAtExit threads = new ThreadsAtExit("stuck-writer threads", "stuck-writer"::equals, Duration.ofMillis(100));
            assertEquals("stopped: 1 stuck-writer threads alive at exit (stuck-writer)",
                    threads.stoppedLine(threads.aliveAfterGrace()));
        }
    }

    /** Threads with the given names, parked until released; {@link #close} releases and joins them. */
    private static final class Parked implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final List<Thread> threads = new ArrayList<>();

        Parked(String... names) {
            for (String name : names) {
                Thread thread = new Thread(this::await, name);
                thread.start();
                threads.add(thread);
            }
        }

        /** Releases them {@code millis} from now, from a thread of its own. */
        void releaseAfter(long millis) {
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            }, "threads-at-exit-releaser");
            releaser.start();
            threads.add(releaser);
        }

        private void await() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }
}
