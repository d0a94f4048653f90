package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.server.RequestThreads;
import dev.threadprofiling.threadleak.LeakedThread;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadleak.ThreadLeakOption;
import dev.threadprofiling.threadleak.ThreadLeakOptions;
import dev.threadprofiling.threadleak.ThreadLeaks;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The leak test suite, written once and run against the exercise and every solution step: for
 * each leak it drives the path that triggers it and counts the threads left behind.
 *
 * <pre>{@code
 * class LeakMatrixTest extends LeakMatrix {
 *     LeakMatrixTest() {
 *         super(Main.class, Leak.ERROR_PATH_LEAVES_PRODUCER);   // the leaks this module still has
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code -Dleakmatrix.expect=none} every module is held to "no leak at all": that is how a
 * learner checks an edited exercise, leak by leak. An exercise whose {@code src/main} differs from
 * the shipped one ({@link ShippedExercise}) is held to that too, and reports in one failure which
 * leaks are fixed and which remain, with the command that checks a fix.
 *
 * <p>Fix 3 (join) shows apart from the leaks: a pool thread of a request still alive when its
 * answer is sent means the handler did not wait for its threads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class LeakMatrix extends InProcessServerSuite {

    /** System property: {@code none} expects every leak fixed, whatever the module declares. */
    public static final String EXPECT_PROPERTY = "leakmatrix.expect";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS_PER_LEAK = 2;
    /** The line fix 3 is reported on, beside the three leaks. */
    static final String JOIN = "join: the answer waits for the pool's threads";

    private final Set<Leak> present;
    /** Whether this is an exercise, edited by a learner. */
    private final boolean learnersExercise;
    /** The exercise this module is, or would be: what an edited one's messages name. */
    private final ShippedExercise.Exercise exercise;
    /** Verdicts so far, for the learner's summary: "leak 1: …" -> "fixed" or what remains. */
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    /** The same verdicts for scripts/check-leaks.sh. */
    private final CheckVerdicts checkVerdicts = CheckVerdicts.startRun();

    /**
     * @param mainClass    the module's {@code Main}, with {@code public static Javalin create(ServerOptions)}
     * @param leaksPresent the leaks this module still has
     */
    protected LeakMatrix(Class<?> mainClass, Leak... leaksPresent) {
        super(mainClass);
        EnumSet<Leak> declared = EnumSet.noneOf(Leak.class);
        declared.addAll(Arrays.asList(leaksPresent));
        String expect = System.getProperty(EXPECT_PROPERTY, "declared").trim().toLowerCase(Locale.ROOT);
        Path moduleDir = Path.of("").toAbsolutePath();
        this.learnersExercise = ShippedExercise.isEditedExercise(moduleDir);
        this.exercise = ShippedExercise.Exercise.at(moduleDir).orElse(ShippedExercise.Exercise.THREADS);
        this.present = switch (learnersExercise ? "none" : expect) {
            case "declared", "" -> declared;
            case "none" -> EnumSet.noneOf(Leak.class);
            default -> throw new IllegalArgumentException(EXPECT_PROPERTY + " must be 'declared' or 'none', got '" + expect + "'");
        };
    }

    /** In an edited exercise only the leak checks and the summary run: the rest shows the shipped one. */
    private void requireShippedModule() {
        Assumptions.assumeFalse(learnersExercise, exercise.editedMessage());
    }

    @Order(1)
    @DisplayName("each leak is present where declared and absent where fixed")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Leak.class)
    void leak(Leak leak) throws Exception {
        List<Long> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS_PER_LEAK; i++) {
            requests.add(send(leak.request()));
        }
        List<ThreadSample> left = PoolThreads.awaitSettled(requests, Duration.ofSeconds(15));
        long workers = left.stream().filter(PoolThreads::isWorker).count();
        long producers = left.size() - workers;
        boolean expected = present.contains(leak);
        int expectedWorkers = expected ? leak.workersLeft() * REQUESTS_PER_LEAK : 0;
        int expectedProducers = expected ? leak.producersLeft() * REQUESTS_PER_LEAK : 0;
        report(leak, left, expected);
        verdicts.put(leak.toString(), left.isEmpty() ? "fixed"
                : "remains: " + CheckVerdicts.count(REQUESTS_PER_LEAK, "request") + " left " + CheckVerdicts.count(workers, "worker")
                        + " and " + CheckVerdicts.count(producers, "producer"));
        if (learnersExercise) {
            return;
        }
        if (workers != expectedWorkers || producers != expectedProducers) {
            fail(String.format("%s: expected %s, but %d requests left %d workers and %d producers"
                            + " (expected %d and %d)%n%s",
                    leak, expected ? "the leak (the exercise still has it)" : "no threads left (it is fixed here)",
                    REQUESTS_PER_LEAK, workers, producers, expectedWorkers, expectedProducers,
                    PoolThreads.describe(left)));
        }
    }

    @Test
    @Order(2)
    @DisplayName("fix 3: every path answers only once the pool's threads have ended")
    void joins() throws Exception {
        answers.recording(true);
        int alive = 0;
        int answersWithThreads = 0;
        int sent = 0;
        List<String> seen = new ArrayList<>();
        try {
            for (Leak leak : Leak.values()) {
                for (int i = 0; i < REQUESTS_PER_LEAK; i++) {
                    long request = send(leak.request());
                    List<String> mine = PoolThreads.ofRequest(answers.aliveAtLastAnswer(), request);
                    sent++;
                    alive += mine.size();
                    answersWithThreads += mine.isEmpty() ? 0 : 1;
                    seen.addAll(mine);
                }
            }
        } finally {
            answers.recording(false);
        }
        boolean joined = alive == 0;
        boolean expected = present.isEmpty();
        String detail = CheckVerdicts.count(alive, "thread") + " alive at " + answersWithThreads + " of "
                + CheckVerdicts.count(sent, "answer");
        System.out.printf("[leak-matrix] %-30s %-52s %s%s%n", moduleName(), JOIN, joined ? "joined" : "NOT JOINED " + detail,
                joined == expected ? "" : "   <-- " + (expected ? "expected joined" : "expected threads alive at the answer"));
        checkVerdicts.record(JOIN, joined ? "joined" : "not-joined", joined ? "" : detail);
        verdicts.put(JOIN, joined ? "fixed" : "not yet: the answer was sent while " + alive + " of the request's threads"
                + (alive == 1 ? " was" : " were") + " alive (" + String.join(", ", seen.subList(0, Math.min(4, seen.size())))
                + (seen.size() > 4 ? ", …" : "") + "); cancel, then join every thread before answering");
        if (learnersExercise) {
            return;
        }
        if (joined != expected) {
            fail(JOIN + ": " + (expected ? "a module without leaks should answer only after its threads ended, but "
                    + alive + " were alive at the answer: " + seen : "a module with leaks answers with its threads alive"));
        }
    }

    @Test
    @Order(3)
    @DisplayName("your exercise: which leaks are fixed and which remain")
    void yourExercise() {
        Assumptions.assumeTrue(learnersExercise, "the exercise as shipped (every leak present)");
        exercise.summarizeFixes("leak-matrix", verdicts);
    }

    @Test
    @Order(4)
    @DisplayName("threadleak-junit5 finds the same leaks and names where each leaked thread was started")
    void threadLeakHelperAgrees() throws Exception {
        requireShippedModule();
        ThreadSnapshot before = ThreadLeaks.snapshot();
        for (Leak leak : Leak.values()) {
            send(leak.request());
        }
        ThreadLeakOption onlyPoolThreads = ThreadLeakOptions.ignore(t -> !RequestThreads.isRequestThread(t.name()));
        List<LeakedThread> leaked = ThreadLeaks.find(ThreadLeakOptions.since(before), onlyPoolThreads,
                ThreadLeakOptions.timeout(Duration.ofSeconds(5)));
        int expected = present.stream().mapToInt(Leak::threadsLeft).sum();
        System.out.printf("[leak-matrix] %-30s threadleak-junit5 after one request per leak path: %d leaked threads%n",
                moduleName(), leaked.size());
        assertEquals(expected, leaked.size(), () -> "threads ThreadLeaks.find reports after one request per leak path: "
                + leaked.stream().map(LeakedThread::name).collect(java.util.stream.Collectors.joining(", ")));
        if (expected == 0) {
            ThreadLeaks.verifyNone(ThreadLeakOptions.since(before), onlyPoolThreads);
            return;
        }
        ThreadLeakError error = org.junit.jupiter.api.Assertions.assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(ThreadLeakOptions.since(before), onlyPoolThreads));
        for (String shown : List.of("found unexpected threads", "created by", "WorkerPool.java")) {
            if (!error.getMessage().contains(shown)) {
                fail("the leak report should show '" + shown + "':\n" + error.getMessage());
            }
        }
    }

    @Test
    @Order(5)
    @DisplayName("100 default requests leave exactly the documented threads")
    void hundredDefaultRequests() throws Exception {
        requireShippedModule();
        List<Long> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(send("/process"));
        }
        List<ThreadSample> left = PoolThreads.awaitSettled(requests, Duration.ofSeconds(30));
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

    @Test
    @Order(6)
    @DisplayName("SIGTERM during load: every accepted request answered, exit 0, pool threads reported")
    void sigtermDuringLoad() throws Exception {
        requireShippedModule();
        WorkbookServers.Child child = WorkbookServers.startChild(mainClass);
        URI slow = URI.create("http://127.0.0.1:" + child.port() + "/process?taskMs=40&failEvery=0");
        HttpRequest request = HttpRequest.newBuilder(slow).timeout(Duration.ofSeconds(30)).build();
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode(), "warm-up request");
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(200);
        child.process().toHandle().destroy();   // SIGTERM; Process.destroy() would also close our end of its output
        int exit = child.awaitExit(30, TimeUnit.SECONDS);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> future : inFlight) {
            String outcome;
            try {
                outcome = String.valueOf(future.get(30, TimeUnit.SECONDS).statusCode());
            } catch (ExecutionException e) {
                outcome = e.getCause() instanceof ConnectException ? "refused" : "unanswered: " + e.getCause();
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        List<String> output = child.output();
        String last = output.isEmpty() ? "" : output.get(output.size() - 1);
        System.out.printf("[leak-matrix] %-30s SIGTERM with 12 requests in flight: exit %d, answers %s; %s%n",
                moduleName(), exit, outcomes, last);
        String log = "\nserver output:\n" + String.join("\n", output);
        assertEquals(0, exit, () -> "exit status after SIGTERM" + log);
        for (String outcome : outcomes.keySet()) {
            if (!outcome.equals("200") && !outcome.equals("503") && !outcome.equals("refused")) {
                fail("a request was accepted but not answered: " + outcomes + log);
            }
        }
        if (!outcomes.containsKey("200")) {
            fail("no in-flight request was finished before the server stopped: " + outcomes + log);
        }
        String expectedLast = present.contains(Leak.QUEUE_NEVER_CLOSED)
                ? "stopped: [1-9]\\d* worker/producer threads alive at exit.*"
                : "stopped: 0 worker/producer threads alive at exit";
        if (!last.matches(expectedLast)) {
            fail("last line of the server's output should match '" + expectedLast + "' but was '" + last + "'" + log);
        }
    }

    @Test
    @Order(7)
    @DisplayName("the thread cap keeps a leaking server answering: 503 with Retry-After, never a crash")
    void threadCap() throws Exception {
        requireShippedModule();
        WorkbookServers.Child child = WorkbookServers.startChild(mainClass, "--max-threads", "200");
        try {
            URI uri = URI.create("http://127.0.0.1:" + child.port() + "/process");
            HttpResponse<String> refused = null;
            for (int i = 0; i < 40 && refused == null; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503) {
                    refused = response;
                }
            }
            // The cap counts platform threads (cheap on every request); leaked virtual threads cost
            // memory only, and a virtual-thread server is not capped by them.
            boolean virtualWorkers = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + child.port() + "/debug/threads?format=json")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("threads").findValuesAsText("virtual").contains("true");
            boolean reachesCap = present.contains(Leak.QUEUE_NEVER_CLOSED) && !virtualWorkers;
            System.out.printf("[leak-matrix] %-30s thread cap 200: %s%n", moduleName(),
                    refused == null ? "40 requests, never refused" : "refused with " + refused.body());
            if (!reachesCap) {
                assertEquals(null, refused == null ? null : refused.body(),
                        "a module without leak 1, or with virtual workers, should never reach the platform-thread cap");
                return;
            }
            if (refused == null) {
                fail("40 default requests on a leaking server with --max-threads 200 were never refused");
            }
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null), "Retry-After on the 503");
            if (!refused.body().contains("--max-threads")) {
                fail("the 503 should say why: " + refused.body());
            }
            HttpResponse<String> profile = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + child.port() + "/debug/threads?debug=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, profile.statusCode(), "the profile still answers at the cap");
        } finally {
            child.process().toHandle().destroy();
            child.awaitExit(30, TimeUnit.SECONDS);
        }
    }

    /** Prints the leak's line and records its verdict for scripts/check-leaks.sh. */
    private void report(Leak leak, List<ThreadSample> left, boolean expected) {
        String detail = CheckVerdicts.count(left.size() / REQUESTS_PER_LEAK, "thread") + " per request";
        System.out.printf("[leak-matrix] %-30s %-52s %s%s%n", moduleName(), leak, left.isEmpty() ? "fixed" : "LEAKS " + detail,
                expected == !left.isEmpty() ? "" : "   <-- " + (expected ? "expected a leak here" : "expected fixed"));
        checkVerdicts.record(leak.toString(), left.isEmpty() ? "fixed" : "remains", left.isEmpty() ? "" : detail);
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
