package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded load on a server in its own JVM: every request answered, every task processed once,
 * and the thread total back at its idle value afterwards.
 *
 * <pre>{@code
 * class LoadTest extends LoadCheck {
 *     LoadTest() {
 *         super(Main.class, 1000, 64);
 *     }
 * }
 * }</pre>
 */
@Timeout(300) // it waits on the server under load
public abstract class LoadCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Class<?> mainClass;
    private final int requests;
    private final int concurrency;

    protected LoadCheck(Class<?> mainClass, int requests, int concurrency) {
        this.mainClass = mainClass;
        this.requests = requests;
        this.concurrency = concurrency;
    }

    @Test
    @DisplayName("bounded load: all answered, tasks processed once, thread total back to idle ± 2")
    void loadComesBackToIdle() throws Exception {
        WorkbookServers.Child child = WorkbookServers.startChild(mainClass);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String base = "http://127.0.0.1:" + child.port();
            int idle = ThreadTotal.read(client, base);
            Semaphore slots = new Semaphore(concurrency);
            Map<Integer, Integer> statuses = new TreeMap<>();
            AtomicLong processed = new AtomicLong();
            List<String> problems = new ArrayList<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/process?failEvery=0"))
                    .timeout(Duration.ofSeconds(60)).build();
            long started = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                slots.acquire();
                all.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    synchronized (statuses) {
                        if (error != null) {
                            problems.add(error.toString());
                        } else {
                            statuses.merge(response.statusCode(), 1, Integer::sum);
                            if (response.statusCode() == 200) {
                                processed.addAndGet(processedIn(response.body()));
                            } else if (response.statusCode() != 503 || response.headers().firstValue("Retry-After").isEmpty()) {
                                problems.add(response.statusCode() + " " + response.body());
                            }
                        }
                    }
                    slots.release();
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int after = ThreadTotal.awaitSettled(client, base, Duration.ofSeconds(20));
            System.out.printf("[load] %-30s %d requests at concurrency %d in %d ms: %s; tasks processed %d;"
                            + " threads idle %d -> after %d%n", dev.threadprofiling.server.WorkbookServer.moduleName(), requests, concurrency,
                    elapsedMs, statuses, processed.get(), idle, after);
            assertEquals(List.of(), problems, "requests that were not answered with 200 (or 503 + Retry-After)");
            long ok = statuses.getOrDefault(200, 0);
            assertEquals(ok * 100, processed.get(), "tasks processed, as the 200 answers report them");
            assertTrue(after <= idle + 2, () -> "thread total after load " + after + " vs idle " + idle);
        } finally {
            child.process().toHandle().destroy();
            child.awaitExit(30, TimeUnit.SECONDS);
        }
    }

    private static long processedIn(String body) {
        try {
            return JSON.readTree(body).path("processed").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("not a JSON summary: " + body, e);
        }
    }
}
