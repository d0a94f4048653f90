package dev.threadprofiling.deadlockmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.leakmatrix.CheckVerdicts;
import dev.threadprofiling.leakmatrix.ShippedExercise;
import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.server.WorkbookServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deadlock test suite, run against the deadlock exercise and every solution step, each server
 * in the test's own JVM so that the JVM's own detector ({@code ThreadMXBean.findDeadlockedThreads})
 * can look at its threads. For each {@link Defect}: a load that shows it, and a verdict written to
 * {@code target/check-verdicts.tsv} ({@code check}, {@code verdict}, {@code detail}, tab-separated),
 * which {@code scripts/check-deadlocks.sh} reads.
 *
 * <pre>{@code
 * class DeadlockMatrixTest extends DeadlockMatrix {
 *     DeadlockMatrixTest() {
 *         super(Main::create, Defect.UNBOUNDED_WAIT);   // step 1: no deadlock, the wait still unbounded
 *     }
 * }
 * }</pre>
 *
 * <p>{@code -Ddeadlockmatrix.expect=none} holds any module to "no deadlock" (to check a fix of one's
 * own). An exercise whose {@code src/main} differs from the shipped one ({@link ShippedExercise}) is
 * the learner's: it is held to "no deadlock", and one failure at the end says so with the check command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DeadlockMatrix {

    /** The chapter's load: one transfer each way at once, repeated while none deadlocks. */
    static final int ROUNDS = 3;
    /** How long a transfer may take before the load gives up on it: ten journal writes. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** The journal write of the transfer that holds an account in the bounded-wait check. */
    static final int HOLD_MS = 2_000;
    private static final long OPENING_TOTAL = 4 * 1_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Function<ServerOptions, Javalin> server;
    private final Set<Defect> present;
    /** Whether this is the exercise, edited by a learner: held to "no deadlock". */
    private final boolean learnersExercise = ShippedExercise.isEditedExercise(Path.of("").toAbsolutePath());
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    private CheckVerdicts verdictFile;
    private Javalin app;
    private HttpClient client;
    private boolean deadlocked;

    protected DeadlockMatrix(Function<ServerOptions, Javalin> server, Defect... present) {
        this.server = server;
        this.present = present.length == 0 ? EnumSet.noneOf(Defect.class) : EnumSet.of(present[0], present);
    }

    @BeforeAll
    void startServer() throws IOException {
        verdictFile = CheckVerdicts.startRun();
        app = server.apply(ServerOptions.onPort(0)).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A server with deadlocked threads is left to the test JVM's exit: a stop would wait for them in vain. */
    @AfterAll
    void stopServer() {
        if (app != null && !deadlocked) {
            app.stop();
        }
    }

    @Test
    @Order(1)
    @DisplayName("deadlock: transfers A to B and B to A at once")
    void transfersInOppositeDirections() throws Exception {
        Defect defect = Defect.DEADLOCK;
        boolean expected = expected(defect);
        List<JvmDeadlocks.Edge> cycle = List.of();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int round = 0; round < ROUNDS && cycle.isEmpty(); round++) {
            CompletableFuture<HttpResponse<String>> aToB = send("POST", "/transfer?from=A&to=B&amount=10");
            CompletableFuture<HttpResponse<String>> bToA = send("POST", "/transfer?from=B&to=A&amount=5");
            cycle = awaitAnswersOrDeadlock(aToB, bToA);
            if (cycle.isEmpty()) {
                answers.add(aToB.join());
                answers.add(bToA.join());
            }
        }
        deadlocked = !cycle.isEmpty();
        int answered = answers.size();
        String detail = deadlocked ? cycle.size() + " threads deadlocked: " + cycle.stream().map(Object::toString)
                .collect(Collectors.joining("; ")) : answered + " transfers answered, none deadlocked";
        record(defect, deadlocked, detail);
        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), "every transfer of the load is made: " + answer.body());
        }

        // Requests that stay out of the cycle are served either way.
        assertEquals(200, send("GET", "/balance?account=C").join().statusCode(), "GET /balance?account=C");
        assertEquals(200, send("POST", "/transfer?from=C&to=D&amount=1&journalMs=0").join().statusCode(),
                "a transfer from C to D");
        if (!deadlocked) {
            assertEquals(Map.of("A", 1_000L - 5 * answered / 2, "B", 1_000L + 5 * answered / 2, "C", 999L, "D", 1_001L),
                    balances(), "the balances after " + answered + " transfers: money neither made nor lost");
        }
        if (learnersExercise) {
            return;
        }
        if (expected) {
            assertTrue(deadlocked, "expected a deadlock (this module still has it): " + detail);
            assertEquals(2, cycle.size(), detail);
            for (JvmDeadlocks.Edge edge : cycle) {
                assertTrue(edge.thread().startsWith(WorkbookServer.HTTP_POOL_NAME + "-"), edge + ": not a request thread");
                assertTrue(edge.lock().endsWith(".Account"), edge + ": not an account's lock");
                assertTrue(edge.lockedAt().startsWith("Bank.transfer(Bank.java:"), edge + ": not locked in Bank.transfer");
            }
        } else {
            assertFalse(deadlocked, "this module has no deadlock, but the JVM found one: " + detail);
        }
    }

    @Test
    @Order(2)
    @DisplayName("bounded-wait: a transfer behind an account held for 2 s")
    void aWaitForABusyAccountIsBounded() throws Exception {
        Defect defect = Defect.UNBOUNDED_WAIT;
        CompletableFuture<HttpResponse<String>> holder = send("POST", "/transfer?from=C&to=D&amount=1&journalMs=" + HOLD_MS,
                Duration.ofMillis(HOLD_MS).plus(ANSWER_TIMEOUT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleepingInTransfer() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sleepingInTransfer(), "the holding transfer never reached its journal write");
        HttpResponse<String> waiter = send("POST", "/transfer?from=C&to=D&amount=1&journalMs=0",
                Duration.ofMillis(HOLD_MS).plus(ANSWER_TIMEOUT)).join();
        boolean bounded = sleepingInTransfer(); // answered while the holder still held the account
        assertEquals(200, holder.join().statusCode(), holder.join().body());
        record(defect, !bounded, bounded ? "answered " + waiter.statusCode() + " while the account was still held: "
                + waiter.body() : "waited for the holder's " + HOLD_MS + " ms, then answered " + waiter.statusCode());
        if (learnersExercise) {
            return;
        }
        if (expected(defect)) {
            assertFalse(bounded, "expected the wait to be unbounded in this module: " + waiter.body());
        } else {
            assertTrue(bounded, "this module bounds a transfer's wait, but it waited for the whole hold");
            assertEquals(503, waiter.statusCode(), "a transfer that gives up: " + waiter.body());
        }
    }

    @Test
    @Order(3)
    @DisplayName("your exercise: no deadlock under the chapter's load")
    void yourExercise() {
        Assumptions.assumeTrue(learnersExercise, "the exercise as shipped (it deadlocks)");
        ShippedExercise.Exercise.DEADLOCK.summarizeFixes("deadlock-matrix",
                Map.of(Defect.DEADLOCK.toString(), verdicts.get(Defect.DEADLOCK.toString())));
    }

    private boolean expected(Defect defect) {
        String override = System.getProperty("deadlockmatrix.expect", "").strip();
        return switch (override) {
            case "" -> !learnersExercise && present.contains(defect);
            case "none" -> false;
            default -> throw new IllegalArgumentException("deadlockmatrix.expect must be none, got " + override);
        };
    }

    /** Both answers, or the cycle the JVM finds first; a load that ends neither way fails. */
    private List<JvmDeadlocks.Edge> awaitAnswersOrDeadlock(CompletableFuture<?> one, CompletableFuture<?> other)
            throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (true) {
            if (one.isDone() && other.isDone()) {
                return List.of();
            }
            List<JvmDeadlocks.Edge> cycle = JvmDeadlocks.find();
            if (!cycle.isEmpty()) {
                return cycle;
            }
            assertTrue(System.nanoTime() < deadline, "two transfers neither answered within " + ANSWER_TIMEOUT
                    + " nor deadlocked");
            Thread.sleep(20);
        }
    }

    private boolean sleepingInTransfer() {
        return JvmDeadlocks.sleepingIn(getClass().getPackageName() + ".Bank", "transfer");
    }

    private Map<String, Long> balances() throws IOException {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String account : List.of("A", "B", "C", "D")) {
            HttpResponse<String> response = send("GET", "/balance?account=" + account).join();
            assertEquals(200, response.statusCode(), response.body());
            balances.put(account, MAPPER.readTree(response.body()).get("balance").asLong());
        }
        assertEquals(OPENING_TOTAL, balances.values().stream().mapToLong(Long::longValue).sum(), "the total of " + balances);
        return balances;
    }

    /** The verdict of {@code defect}'s check, printed and written to the verdict file. */
    private void record(Defect defect, boolean isPresent, String detail) throws IOException {
        String verdict = isPresent ? defect.present() : defect.fixed();
        verdicts.put(defect.toString(), isPresent ? verdict + ": " + detail : "fixed");
        System.out.printf("[deadlock-matrix] %-28s %-50s %s%n", WorkbookServer.moduleName(), defect, verdict);
        verdictFile.record(defect.check(), verdict, detail.replaceAll("[\t\n\r]", " "));
    }

    private CompletableFuture<HttpResponse<String>> send(String method, String path) {
        return send(method, path, ANSWER_TIMEOUT);
    }

    private CompletableFuture<HttpResponse<String>> send(String method, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(timeout).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
