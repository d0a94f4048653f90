package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.testing.Contenders;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /debug/block} and {@code /debug/mutex} on a real server, with real contention; and what
 * {@code /debug/pinned} says on every JDK (its pinnings on Java 21+: {@code PinnedEndpointTest}).
 */
@Timeout(60) // it waits on a server and windows of a few seconds
class ContentionEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEDGER = Contenders.Ledger.class.getName();

    @RegisterExtension
    static final RecordingServer SERVER = new RecordingServer();

    private static Javalin app;

    @BeforeAll
    static void contend() throws InterruptedException {
        app = SERVER.app();
        Contenders.contend("endpoint-ledger", Contenders::enterSynchronized);
    }

    @Test
    void debug1ShowsTheContendedMonitorWithItsOwner() throws Exception {
        HttpResponse<String> response = ThreadDebugPluginTest.get(app, "/debug/mutex?debug=1");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", ThreadDebugPluginTest.contentType(response));
        assertTrue(response.body().startsWith("--- mutex profile: "), response.body());
        // Either of the two threads may get the monitor first; the other waits and names it.
        assertTrue(Pattern.compile(" @ jdk\\.JavaMonitorEnter lock=" + Pattern.quote(LEDGER) + " owner=endpoint-ledger-[12]\n"
                + "#\t" + Pattern.quote(Contenders.class.getName() + ".enterSynchronized(")).matcher(response.body()).find(),
                response.body());
    }

    @Test
    void pprofIsGzippedAndNamedAfterTheProfile() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/debug/block")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(0x1f, response.body()[0] & 0xff);
        assertEquals(0x8b, response.body()[1] & 0xff);
        assertEquals("attachment; filename=\"block.pb.gz\"",
                response.headers().firstValue("Content-Disposition").orElse(""));
    }

    @Test
    void jsonHoldsTheSameWaits() throws Exception {
        JsonNode root = MAPPER.readTree(ThreadDebugPluginTest.get(app, "/debug/block?format=json").body());

        assertEquals("threadprof-contention/v1", root.get("schema").asText());
        assertEquals("block", root.get("profile").asText());
        assertTrue(root.get("cumulative").asBoolean());
        boolean ledger = false;
        for (JsonNode sample : root.get("samples")) {
            ledger |= LEDGER.equals(sample.get("lock").asText()) && sample.get("owner").asText().startsWith("endpoint-ledger-");
        }
        assertTrue(ledger, root.toPrettyString());
    }

    @Test
    void secondsGivesTheWaitsOfTheNextSecondsOnly() throws Exception {
        Thread driver = Contenders.contendLater("endpoint-window", 200);

        String body = ThreadDebugPluginTest.get(app, "/debug/mutex?debug=1&seconds=1").body();
        driver.join();

        assertTrue(body.startsWith("--- mutex profile: ") && body.contains(" s window (threshold 5 ms)"), body);
        assertTrue(body.contains("owner=endpoint-window-"), body);
        assertTrue(!body.contains("owner=endpoint-ledger-"), "the earlier wait is outside the window:\n" + body);
    }

    @Test
    void pinnedSaysItNeedsJava21BeforeJava21InEveryFormat() throws Exception {
        HttpResponse<String> text = ThreadDebugPluginTest.get(app, "/debug/pinned?debug=1");
        JsonNode json = MAPPER.readTree(ThreadDebugPluginTest.get(app, "/debug/pinned?format=json").body());
        HttpResponse<byte[]> pprof = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/debug/pinned")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String pprofStrings;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(pprof.body()))) {
            pprofStrings = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertEquals(200, text.statusCode(), text.body());
        assertEquals("pinned", json.get("profile").asText());
        assertEquals("attachment; filename=\"pinned.pb.gz\"", pprof.headers().firstValue("Content-Disposition").orElse(""));
        if (Runtime.version().feature() < 21) {
            String why = "pinned profile: not available on this JVM: virtual threads need Java 21+, this JVM is Java "
                    + Runtime.version();
            assertEquals("--- " + why + "\n", text.body(), "one line that says why, never an empty profile");
            assertFalse(json.get("recording").asBoolean());
            assertTrue(json.get("unavailable").asText().startsWith("virtual threads need Java 21+"), json.toString());
            assertTrue(pprofStrings.contains(why), "the pprof comment says why (go tool pprof prints it)");
            long started = System.nanoTime();
            assertEquals("--- " + why + "\n", ThreadDebugPluginTest.get(app, "/debug/pinned?debug=1&seconds=5").body());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "no window to wait for");
        } else {
            assertTrue(text.body().startsWith("--- pinned profile: ") && text.body().contains(" pinnings, "), text.body());
            assertTrue(json.get("recording").asBoolean(), json.toString());
            assertFalse(json.has("unavailable"), json.toString());
            assertTrue(pprofStrings.contains("pinnings"), "sample type pinnings/count");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/debug/block?seconds=0        | seconds",
        "/debug/block?seconds=301      | seconds",
        "/debug/block?seconds=ten      | seconds",
        "/debug/block?seconds=1&seconds=2 | seconds",
        "/debug/mutex?debug=2          | debug",
        "/debug/mutex?format=svg       | format",
        "/debug/mutex?rate=1           | rate",
        "/debug/pinned?debug=2         | debug",
        "/debug/pinned?seconds=0       | seconds",
    })
    void badQueryIs400NamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> response = ThreadDebugPluginTest.get(app, path);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = MAPPER.readTree(response.body());
        assertEquals(parameter, error.get("parameter").asText(), response.body());
        assertTrue(error.get("error").asText().contains(parameter), response.body());
    }
}
