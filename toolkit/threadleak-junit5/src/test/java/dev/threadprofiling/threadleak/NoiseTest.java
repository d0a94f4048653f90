package dev.threadprofiling.threadleak;

import static dev.threadprofiling.threadleak.ThreadLeakOptions.ignorePreset;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.since;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.jetty.JettyServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hc.core5.reactor.SingleCoreIOReactor;
import org.apache.http.impl.client.IdleConnectionEvictor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Threads that libraries and the JDK keep on purpose: the JDK's are never leaks; a library's are
 * leaks until its preset is switched on. Each fixture starts a thread of the same name and shape.
 */
class NoiseTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private final CountDownLatch release = new CountDownLatch(1);

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void release() throws InterruptedException {
        release.countDown();
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        Leftovers.release();
    }

    private Thread parked(String name) {
        Thread thread = new Thread(this::awaitRelease, name);
        thread.setDaemon(true);
        return Leftovers.keep(thread);
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theJdksSharedThreadsAreNeverLeaks() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        HttpClient client = HttpClient.newHttpClient();            // starts HttpClient-N-SelectorManager
        parked("CompletableFutureDelayScheduler").start();        // the name and shape of the JDK's
        parked("HttpClient-7-Worker-0").start();

        assertEquals(List.of(), ThreadLeaks.find(since(before), timeout(SHORT)));
        assertTrue(client.version() != null);
    }

    @Test
    void aThreadThatOnlyLooksLikeTheJdksIsStillALeak() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        parked("HttpClient-worker").start();

        assertEquals(List.of("HttpClient-worker"),
                ThreadLeaks.find(since(before), timeout(SHORT)).stream().map(LeakedThread::name).toList());
    }

    static Stream<Arguments> presets() {
        return Stream.of(
                Arguments.of("javalin-startup-watcher", (Consumer<NoiseTest>) t -> new JettyServer(t.release)),
                Arguments.of("javalin-async-pool",
                        (Consumer<NoiseTest>) t -> t.parked("JavalinDefaultAsyncThreadPool-1").start()),
                Arguments.of("okhttp", (Consumer<NoiseTest>) t -> {
                    t.parked("OkHttp TaskRunner").start();
                    t.parked("Okio Watchdog").start();
                }),
                Arguments.of("apache-httpclient", (Consumer<NoiseTest>) t -> new IdleConnectionEvictor(t.release)),
                Arguments.of("apache-httpclient",
                        (Consumer<NoiseTest>) t -> new org.apache.hc.client5.http.impl.IdleConnectionEvictor(t.release)),
                Arguments.of("apache-httpclient-async", (Consumer<NoiseTest>) t -> new SingleCoreIOReactor(t.release)),
                Arguments.of("idle-cached-pool", (Consumer<NoiseTest>) t -> t.idlePool(Executors.newCachedThreadPool())),
                Arguments.of("idle-cached-pool", (Consumer<NoiseTest>) t -> {
                    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                    pool.allowCoreThreadTimeOut(true);
                    t.idlePool(pool);
                }));
    }

    /** A real pool with one worker, idle in its timed poll until the keep-alive ends it (shut down afterwards). */
    private void idlePool(ExecutorService pool) {
        pools.add(pool);
        try {
            pool.submit(() -> { }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theIdlePoolPresetLooksAtTheStackNotTheName() throws Exception {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        ExecutorService busy = Executors.newCachedThreadPool();
        pools.add(busy);
        busy.submit(this::awaitRelease);      // a pool thread at work: not idle, still a leak

        assertEquals(1, ThreadLeaks.find(since(before), timeout(SHORT), ignorePreset("idle-cached-pool")).size());
    }

    @ParameterizedTest(name = "[{index}] {0}: a leak without the preset, none with it")
    @MethodSource("presets")
    void eachPresetLetsItsLibrarysThreadsPass(String preset, Consumer<NoiseTest> startLibraryThreads) {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        startLibraryThreads.accept(this);

        assertTrue(!ThreadLeaks.find(since(before), timeout(SHORT)).isEmpty(), "without the preset they are leaks");
        assertEquals(List.of(), ThreadLeaks.find(since(before), timeout(SHORT), ignorePreset(preset)));
    }

    @Test
    void thePresetOfTheWatcherNeedsItsCreatorNotJustItsName() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        parked("Thread-4242").start();

        assertEquals(1, ThreadLeaks.find(since(before), timeout(SHORT), ignorePreset("javalin-startup-watcher")).size());
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ignorePreset("netty"));

        assertEquals("unknown threadleak preset \"netty\": expected one of [javalin-startup-watcher, "
                + "javalin-async-pool, okhttp, apache-httpclient, apache-httpclient-async, idle-cached-pool]",
                error.getMessage());
    }
}
