package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.server.ServerOptions;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The leak test suite, written once and run against the exercise and every solution step: for
 * each leak it drives the path that triggers it and counts the threads left behind.
 *
 * <pre>{@code
 * class LeakMatrixTest extends LeakMatrix {
 *     LeakMatrixTest() {
 *         super(Main::create, Leak.ERROR_PATH_LEAVES_PRODUCER);   // the leaks this module still has
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code -Dleakmatrix.expect=none} every module is held to "no leak at all": that is how a
 * learner checks an edited exercise, leak by leak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LeakMatrix {

    /** System property: {@code none} expects every leak fixed, whatever the module declares. */
    public static final String EXPECT_PROPERTY = "leakmatrix.expect";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS_PER_LEAK = 2;

    private final Function<ServerOptions, Javalin> serverFactory;
    private final Set<Leak> present;
    private Javalin server;
    private HttpClient client;

    protected LeakMatrix(Function<ServerOptions, Javalin> serverFactory, Leak... leaksPresent) {
        this.serverFactory = serverFactory;
        EnumSet<Leak> declared = EnumSet.noneOf(Leak.class);
        declared.addAll(Arrays.asList(leaksPresent));
        String expect = System.getProperty(EXPECT_PROPERTY, "declared").trim().toLowerCase(Locale.ROOT);
        this.present = switch (expect) {
            case "declared", "" -> declared;
            case "none" -> EnumSet.noneOf(Leak.class);
            default -> throw new IllegalArgumentException(EXPECT_PROPERTY + " must be 'declared' or 'none', got '" + expect + "'");
        };
    }

    @BeforeAll
    void startServer() {
        server = serverFactory.apply(ServerOptions.onPort(0)).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @DisplayName("each leak is present where declared and absent where fixed")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Leak.class)
    void leak(Leak leak) throws Exception {
        List<Long> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS_PER_LEAK; i++) {
            requests.add(send(leak.request()));
        }
        List<Thread> left = PoolThreads.awaitSettled(requests, Duration.ofSeconds(15));
        long workers = left.stream().filter(PoolThreads::isWorker).count();
        long producers = left.size() - workers;
        boolean expected = present.contains(leak);
        int expectedWorkers = expected ? leak.workersLeft() * REQUESTS_PER_LEAK : 0;
        int expectedProducers = expected ? leak.producersLeft() * REQUESTS_PER_LEAK : 0;
        report(leak, left, expected);
        if (workers != expectedWorkers || producers != expectedProducers) {
            fail(String.format("%s: expected %s, but %d requests left %d workers and %d producers"
                            + " (expected %d and %d)%n%s",
                    leak, expected ? "the leak (the exercise still has it)" : "no threads left (it is fixed here)",
                    REQUESTS_PER_LEAK, workers, producers, expectedWorkers, expectedProducers,
                    PoolThreads.describe(left)));
        }
    }

    @Test
    @DisplayName("100 default requests leave exactly the documented threads")
    void hundredDefaultRequests() throws Exception {
        List<Long> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(send("/process"));
        }
        List<Thread> left = PoolThreads.awaitSettled(requests, Duration.ofSeconds(30));
        long workers = left.stream().filter(PoolThreads::isWorker).count();
        long producers = left.size() - workers;
        // Every fifth default request holds a bad record: 80 succeed, 20 take the error path.
        long expectedWorkers = present.contains(Leak.QUEUE_NEVER_CLOSED) ? 80L * Leak.QUEUE_NEVER_CLOSED.workersLeft() : 0;
        long expectedProducers = present.contains(Leak.ERROR_PATH_LEAVES_PRODUCER) ? 20L : 0;
        System.out.printf("[leak-matrix] %-30s 100 default requests left %d workers + %d producers%n",
                moduleName(), workers, producers);
        assertEquals(expectedWorkers + " workers + " + expectedProducers + " producers",
                workers + " workers + " + producers + " producers",
                () -> "threads left by 100 default requests\n" + PoolThreads.describe(left));
    }

    private void report(Leak leak, List<Thread> left, boolean expected) {
        String verdict = left.isEmpty() ? "fixed" : "LEAKS " + left.size() / REQUESTS_PER_LEAK + " threads per request";
        System.out.printf("[leak-matrix] %-30s %-52s %s%s%n", moduleName(), leak, verdict,
                expected == !left.isEmpty() ? "" : "   <-- " + (expected ? "expected a leak here" : "expected fixed"));
    }

    private String moduleName() {
        return dev.threadprofiling.server.WorkbookServer.moduleName();
    }

    /** Sends one request and returns its request number from the JSON answer. */
    private long send(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!body.has("request")) {
            fail("GET " + pathAndQuery + " answered " + response.statusCode() + " without a request number: " + response.body());
        }
        return body.get("request").asLong();
    }
}
