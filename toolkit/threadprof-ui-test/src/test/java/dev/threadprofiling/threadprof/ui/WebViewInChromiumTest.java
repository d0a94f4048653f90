package dev.threadprofiling.threadprof.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadprofiling.leakmatrix.ShippedExercise;
import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.threadprof.testing.WebDriver;
import dev.threadprofiling.workerpool.Main;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web view of the exercise server, in real headless Chromium: after 100 default requests the leak group
 * is first, the live chart has followed the growth, and "Set baseline" shows what grew. Saves
 * {@code target/screenshots/threadprof-ui.png}. Its first paint at 10,000 threads is a benchmark, run by hand:
 * {@code dev.threadprofiling.benchmarks.web.WebViewFirstPaint} (docs/benchmarks.md).
 */
@Timeout(120) // it waits on the exercise server and Chromium
class WebViewInChromiumTest {

    private static final int REQUESTS = 100;
    private static final int LEAKED_WORKERS = 1200;

    private Javalin server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void leakGroupIsFirstAndTheChartShowsTheGrowth() throws Exception {
        WebDriver.assumeInstalled();
        Assumptions.assumeTrue(ShippedExercise.isShipped(), ShippedExercise.EDITED_MESSAGE);
        server = Main.create(ServerOptions.onPort(0)).start();
        String root = "http://127.0.0.1:" + server.port();
        try (WebDriver browser = WebDriver.start()) {
            browser.open(root + "/debug/threads/ui");
            browser.await("return document.body.getAttribute('data-loaded') !== null && window.threadprof.history.length > 0",
                    JsonNode::asBoolean, "the page loads the profile and the first summary");
            browser.script("document.getElementById('set-baseline').click()");
            browser.await("return window.threadprof.baseline !== null && !document.getElementById('diff-section').hidden",
                    JsonNode::asBoolean, "Set baseline shows the diff section");
            int before = browser.script("return window.threadprof.history[0].total").asInt();

            sendDefaultRequests(root);

            browser.await("var h = window.threadprof.history; return h[h.length - 1].total - h[0].total",
                    growth -> growth.asInt() >= LEAKED_WORKERS, "the chart's last total is 1200+ above its first");
            JsonNode points = browser.script(
                    "return document.querySelector('#chart polyline').getAttribute('points').split(' ').length");
            assertTrue(points.asInt() >= 2, "the chart draws a line: " + points);
            JsonNode first = browser.await("""
                    document.getElementById('refresh').click();
                    var row = document.querySelector('#groups tbody tr');
                    return row ? Array.from(row.cells).map(function (c) { return c.textContent; }) : null;""",
                    row -> row.isArray() && row.get(0).asInt() == LEAKED_WORKERS,
                    "the first group counts 1200 threads");
            assertEquals("WAITING", first.get(1).asText());
            assertTrue(first.get(2).asText().startsWith("worker-*-* ("), first.toString());
            JsonNode grew = browser.script("""
                    var row = document.querySelector('#diff tbody tr');
                    return Array.from(row.cells).map(function (c) { return c.textContent; });""");
            assertEquals("+" + LEAKED_WORKERS, grew.get(0).asText(), grew.toString());
            assertEquals("WAITING", grew.get(1).asText());
            assertEquals("worker-*-*", grew.get(2).asText());
            String label = browser.script("return document.getElementById('watch-label').textContent").asText();
            assertTrue(label.contains("from " + before), label);

            browser.script("document.querySelector('#top th[data-key=cum]').click()");
            JsonNode topCum = browser.script("""
                    return Array.from(document.querySelectorAll('#top tbody tr')).slice(0, 2)
                        .map(function (r) { return Number(r.cells[2].textContent); });""");
            assertTrue(topCum.get(0).asInt() >= topCum.get(1).asInt(), "sorted by cum: " + topCum);
            JsonNode flameFrames = browser.script(
                    "return document.querySelectorAll('#flame .frame.app').length");
            assertTrue(flameFrames.asInt() > 0, "the flame graph draws application frames");
            JsonNode applicationFrames = browser.script("""
                    return Array.from(document.querySelectorAll('#groups tbody tr'))
                        .map(function (r) { return r.cells[3].textContent; });""");
            applicationFrames.forEach(cell -> assertTrue(!cell.asText().startsWith("Unsafe.park"),
                    "the top application frame is never the JDK's: " + applicationFrames));
            browser.screenshot(Path.of("target", "screenshots", "threadprof-ui.png"));
        }
    }

    private static void sendDefaultRequests(String root) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(root + "/process")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() < 600, response.body());
        }
    }
}
