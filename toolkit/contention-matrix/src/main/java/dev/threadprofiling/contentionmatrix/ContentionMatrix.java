package dev.threadprofiling.contentionmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.leakmatrix.CheckVerdicts;
import dev.threadprofiling.leakmatrix.ShippedExercise;
import dev.threadprofiling.leakmatrix.WorkbookServers;
import dev.threadprofiling.server.ServerOptions;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contention test suite of chapter 4, run against the exercise and every solution step: for
 * each {@link Contention}, a burst of concurrent requests that waits only there, and the block or
 * mutex profile of that window (over HTTP, {@code ?seconds=1}). A point that is present must show
 * at least {@link #REMAINS_AT} waits, at its source line; a fixed one fewer.
 *
 * <p>Why not "none": a fixed point still takes its lock for a few microseconds, and on a loaded
 * machine the scheduler can preempt a thread while it holds it; a client that comes then waits a
 * time slice, which can pass the profile's 10 ms threshold (seen in CI: 1 wait of 10.7 ms in a
 * fixed {@code Inventory.reserve}). While a point is present, the {@link #CLIENTS} clients that
 * arrive together queue behind one another: the first round alone waits {@code CLIENTS - 1} times,
 * and the exercise shows 12 or more waits at each point over its {@link Contention#rounds()}.
 *
 * <pre>{@code
 * class ContentionMatrixTest extends ContentionMatrix {
 *     ContentionMatrixTest() {
 *         super(Main::create, Contention.QUOTE_UNDER_LOCK, Contention.UNBUFFERED_AUDIT_HANDOFF);
 *     }
 * }
 * }</pre>
 *
 * <p>{@code -Dcontentionmatrix.expect=none} holds any module to "no contention at all" (to check a
 * fix of one's own), {@code =all} to "all three". An exercise whose {@code src/main} differs from the
 * shipped one ({@link ShippedExercise}) is the learner's: each point is recorded as fixed or
 * remaining, and one failure at the end lists them with the command that checks a fix. The module's
 * {@code Main} (in the test's package) is also started in a child JVM once, to check what its stop prints.
 */
@Timeout(300) // it waits on the server and its contention windows
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ContentionMatrix {

    /** Concurrent clients in a burst (each sends {@link Contention#rounds()} requests in turn). */
    static final int CLIENTS = 6;
    static final int WINDOW_SECONDS = 1;
    /** The fewest waits in one burst that mean the point is present: one round of clients queued behind one. */
    static final int REMAINS_AT = CLIENTS - 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The last line of chapter 4's server after Ctrl-C or SIGTERM. */
    static final String STOPPED = "stopped: 0 audit-writer threads alive at exit";

    private final Function<ServerOptions, Javalin> server;
    private final Set<Contention> present;
    /** Whether this is the exercise, edited by a learner. */
    private final boolean learnersExercise = ShippedExercise.isEditedExercise(Path.of("").toAbsolutePath());
    /** Verdicts so far, for the learner's summary: "contention 1: …" -> "fixed" or what remains. */
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    /** The same verdicts for scripts/check-contention.sh. */
    private final CheckVerdicts checkVerdicts = CheckVerdicts.startRun();
    private Javalin app;
    private HttpClient client;

    protected ContentionMatrix(Function<ServerOptions, Javalin> server, Contention... present) {
        this.server = server;
        this.present = present.length == 0 ? EnumSet.noneOf(Contention.class) : EnumSet.of(present[0], present);
    }

    @BeforeAll
    void startServer() {
        app = server.apply(ServerOptions.onPort(0)).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopServer() {
        if (app != null) {
            app.stop();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Contention.class)
    void waitsOnlyWhereTheContentionIsPresent(Contention contention) throws Exception {
        boolean expected = !learnersExercise && expected(contention); // the learner's: every point fixed
        Path source = sourceOf(contention);
        Found found = burstAndProfile(contention);
        String delay = String.format(Locale.ROOT, "%.1f ms", found.delayNanos / 1e6);
        String profile = "/debug/" + contention.profile().pathName();
        boolean remains = found.count >= REMAINS_AT;
        String waits = CheckVerdicts.count(found.count, "wait") + " (" + delay + ") in " + profile;
        String verdict = remains ? "WAITS " + CheckVerdicts.count(found.count, "time") + " (" + delay + ") in " + profile
                : found.count == 0 ? "fixed"
                : "fixed (" + waits + ": fewer than " + REMAINS_AT + ", the scheduler's, not this point's)";
        System.out.printf("[contention-matrix] %-30s %-76s %s%s%n", dev.threadprofiling.server.WorkbookServer.moduleName(),
                contention, verdict, expected == remains ? "" : "   <-- " + (expected ? "expected waits here" : "expected fixed"));
        checkVerdicts.record(contention.toString(), remains ? "remains" : "fixed",
                remains ? CheckVerdicts.count(found.count, "wait") + ", " + delay + ", in " + profile : "");
        verdicts.put(contention.toString(), remains ? "remains: " + CLIENTS + " clients waited "
                + CheckVerdicts.count(found.count, "time") + " in " + contention.className() + "." + contention.method()
                + " (/debug/" + contention.profile().pathName() + ")" : "fixed");
        if (learnersExercise) {
            return;
        }
        if (expected) {
            int line = lineOf(source, contention.code());
            String where = contention.className() + "." + contention.method() + " (" + source.getFileName() + ":" + line + ")";
            assertTrue(remains, "expected " + contention + " (this module still has it): /debug/"
                    + contention.profile().pathName() + " should show at least " + REMAINS_AT + " waits in " + where
                    + " under " + CLIENTS + " clients on " + contention.request() + ", but it shows " + found.count);
            int slack = contention.code().startsWith("synchronized") ? 1 : 0;
            for (int at : found.lines) {
                assertTrue(at >= line && at <= line + slack, "the waits of " + contention + " are at line " + at
                        + ", not at " + where);
            }
        } else {
            assertFalse(remains, contention + " is fixed in this module, but /debug/"
                    + contention.profile().pathName() + " shows " + found.count + " waits (" + REMAINS_AT
                    + " or more mean the point is present) ("
                    + String.format(Locale.ROOT, "%.1f", found.delayNanos / 1e6) + " ms) in " + contention.className()
                    + "." + contention.method() + " at " + source.getFileName() + " lines " + found.lines);
        }
    }

    /**
     * The stop names the threads of this server: chapter 4's {@code Main} reports its audit writer,
     * which its stop ends, never chapter 3's worker and producer threads, which it has none of.
     */
    @Test
    @Order(2)
    @DisplayName("Ctrl-C or SIGTERM: the stop reports the audit writer, ended")
    void stopReportsTheAuditWriter() throws Exception {
        Class<?> main = Class.forName(getClass().getPackageName() + ".Main");
        WorkbookServers.Child child = WorkbookServers.startChild(main);
        HttpResponse<String> order = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port()
                + "/order?quoteMs=0&warehouseMs=0")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        child.process().toHandle().destroy(); // SIGTERM, which the server handles as it handles Ctrl-C
        int exit = child.awaitExit(30, TimeUnit.SECONDS);
        List<String> output = child.output();
        String log = "\nserver output:\n" + String.join("\n", output);
        assertEquals(200, order.statusCode(), order.body() + log);
        assertEquals(0, exit, "exit status after SIGTERM" + log);
        assertEquals(STOPPED, output.get(output.size() - 1), "the last line" + log);
    }

    @Test
    @Order(3)
    @DisplayName("your exercise: which contention points are fixed and which remain")
    void yourExercise() {
        Assumptions.assumeTrue(learnersExercise, "the exercise as shipped (every contention point present)");
        ShippedExercise.Exercise.CONTENTION.summarizeFixes("contention-matrix", verdicts);
    }

    private boolean expected(Contention contention) {
        String override = System.getProperty("contentionmatrix.expect", "").strip();
        return switch (override) {
            case "" -> present.contains(contention);
            case "none" -> false;
            case "all" -> true;
            default -> throw new IllegalArgumentException("contentionmatrix.expect must be none or all, got " + override);
        };
    }

    /** The waits the profile of one burst window shows in the contention's method. */
    private Found burstAndProfile(Contention contention) throws Exception {
        CompletableFuture<HttpResponse<String>> profile = client.sendAsync(
                request("/debug/" + contention.profile().pathName() + "?format=json&seconds=" + WINDOW_SECONDS,
                        WINDOW_SECONDS + 10),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Thread.sleep(150); // the window is open
        burst(contention.request(), contention.rounds());
        HttpResponse<String> response = profile.get();
        assertEquals(200, response.statusCode(), response.body());

        String function = getClass().getPackageName() + "." + contention.className();
        Found found = new Found();
        for (JsonNode sample : MAPPER.readTree(response.body()).get("samples")) {
            for (JsonNode frame : sample.get("frames")) {
                if (function.equals(frame.get("class").asText()) && contention.method().equals(frame.get("method").asText())) {
                    found.count += sample.get("contentions").asLong();
                    found.delayNanos += sample.get("delayNanos").asLong();
                    found.lines.add(frame.get("line").asInt());
                    break;
                }
            }
        }
        return found;
    }

    private void burst(String path, int rounds) throws InterruptedException {
        List<Thread> clients = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 1; i <= CLIENTS; i++) {
            Thread thread = new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    try {
                        HttpResponse<String> response = client.send(request(path, 30), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            synchronized (failures) {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (IOException e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "contention-client-" + i);
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            thread.join(Duration.ofSeconds(60).toMillis());
        }
        if (!failures.isEmpty()) {
            fail("requests to " + path + " failed: " + failures);
        }
    }

    private HttpRequest request(String path, int timeoutSeconds) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(timeoutSeconds)).build();
    }

    /** The module's own source of the contention's class (tests run in the module's directory). */
    private Path sourceOf(Contention contention) {
        Path source = Path.of("src", "main", "java").resolve(getClass().getPackageName().replace('.', '/'))
                .resolve(contention.className() + ".java");
        assertTrue(Files.isRegularFile(source), "no source at " + source.toAbsolutePath());
        return source;
    }

    private static int lineOf(Path source, String code) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(code)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(source + " has no line starting with " + code);
    }

    private static final class Found {
        long count;
        long delayNanos;
        final Set<Integer> lines = new TreeSet<>();
    }
}
