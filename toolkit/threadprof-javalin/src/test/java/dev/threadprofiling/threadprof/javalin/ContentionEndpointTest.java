package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.testing.Contenders;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /debug/block} and {@code /debug/mutex} on a real server, with real contention. */
class ContentionEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEDGER = Contenders.Ledger.class.getName();

    private static Javalin app;

    @BeforeAll
    static void startServer() throws InterruptedException {
        ContentionRecorder.enable(Duration.ofMillis(5));
        app = ThreadDebugPluginTest.start(new ThreadDebugPlugin(cfg -> cfg.createdBy = false), config -> {
        });
        Contenders.contend("endpoint-ledger", Contenders::enterSynchronized);
    }

    @AfterAll
    static void stopServer() {
        if (app != null) {
            app.stop();
        }
        ContentionRecorder.disable();
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/debug/block?seconds=0        | seconds",
        "/debug/block?seconds=301      | seconds",
        "/debug/block?seconds=ten      | seconds",
        "/debug/block?seconds=1&seconds=2 | seconds",
        "/debug/mutex?debug=2          | debug",
        "/debug/mutex?format=svg       | format",
        "/debug/mutex?rate=1           | rate",
    })
    void badQueryIs400NamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> response = ThreadDebugPluginTest.get(app, path);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = MAPPER.readTree(response.body());
        assertEquals(parameter, error.get("parameter").asText(), response.body());
        assertTrue(error.get("error").asText().contains(parameter), response.body());
    }
}
