package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.testing.BlockedThreads;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plugin on a real Javalin server on a free loopback port, with real blocked threads. */
@Timeout(60) // it waits on servers
class ThreadDebugPluginTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static BlockedThreads threads;
    private static ThreadDebugPlugin plugin;
    private static Javalin app;

    @BeforeAll
    static void startServer() throws Exception {
        threads = BlockedThreads.start();
        plugin = new ThreadDebugPlugin(cfg -> cfg.createdBy = false);
        app = start(plugin, config -> config.routes.get("/debug/custom", ctx -> ctx.result("the app's own page")));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (threads != null) {
            threads.close();
        }
    }

    @Test
    void debug1GroupsTheBlockedThreads() throws Exception {
        HttpResponse<String> response = get(app, "/debug/threads?debug=1");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", contentType(response));
        List<String> lines = Arrays.asList(response.body().split("\n"));
        assertTrue(lines.get(0).matches("thread profile: total \\d+"), lines.get(0));
        assertTrue(lines.contains("5 @ WAITING tp-queue-* (tp-queue-1, tp-queue-2, … 3 more)"), response.body());
        assertTrue(lines.contains("#\tjdk.internal.misc.Unsafe.park(Native Method)"), response.body());
    }

    @Test
    void formatTextIsDebug1UnlessDebug2IsAsked() throws Exception {
        assertTrue(get(app, "/debug/threads?format=text").body().contains("\n5 @ WAITING tp-queue-*"));
        String debug2 = get(app, "/debug/threads?format=text&debug=2").body();
        assertTrue(debug2.contains("\"tp-contender-1\" [BLOCKED]:\n\tblocked on java.lang.Object@"), debug2);
    }

    @Test
    void debug2ShowsEveryThreadWithItsBlocker() throws Exception {
        HttpResponse<String> response = get(app, "/debug/threads?debug=2");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", contentType(response));
        String body = response.body();
        assertTrue(body.startsWith("thread profile: total "), body);
        assertTrue(body.matches("(?s).*\"tp-contender-2\" \\[BLOCKED]:\n\tblocked on java\\.lang\\.Object@[0-9a-f]+ "
                + "owned by \"tp-holder\" #" + threads.holder().getId() + "\n.*"), body);
        for (int i = 1; i <= 5; i++) {
            assertTrue(body.contains("\"tp-queue-" + i + "\" [WAITING]:"), body);
        }
    }

    @Test
    void jsonIsAReadableProfile() throws Exception {
        HttpResponse<String> response = get(app, "/debug/threads?format=json");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        ThreadProfile profile = JsonFormat.read(response.body());
        assertEquals(5, profile.threads().stream().filter(t -> t.name().startsWith("tp-queue-")).count());
        JsonNode groups = MAPPER.readTree(response.body()).get("groups");
        boolean found = false;
        for (JsonNode group : groups) {
            found |= group.get("count").asInt() == 5 && "tp-queue-*".equals(group.get("namePattern").asText());
        }
        assertTrue(found, "no group of 5 tp-queue-* threads in " + groups);
    }

    @Test
    void theWebViewGetsWhatItDrawsFromJava() throws Exception {
        HttpResponse<String> response = get(app, ThreadDebugPlugin.VIEW_PATH);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode view = MAPPER.readTree(response.body());
        assertEquals("threads", view.get("view").asText());
        boolean found = false;
        for (JsonNode group : view.get("groups")) {
            found |= group.get("count").asInt() == 5 && group.get("names").asText().startsWith("tp-queue-*")
                    && group.get("app").asText().startsWith("BlockedThreads.awaitItem(BlockedThreads.java:");
        }
        assertTrue(found, "the 5 tp-queue-* threads, their application frame Java's: " + view.get("groups"));
        HttpResponse<String> refused = get(app, ThreadDebugPlugin.VIEW_PATH + "?profile=x");
        assertEquals(400, refused.statusCode());
        assertEquals("profile", MAPPER.readTree(refused.body()).get("parameter").asText());
    }

    @Test
    void pprofIsGzippedProtobufForDownload() throws Exception {
        for (String path : List.of("/debug/threads", "/debug/threads?debug=0", "/debug/threads?format=pprof")) {
            HttpResponse<byte[]> response = CLIENT.send(request(app, path), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), path);
            assertEquals("application/octet-stream", contentType(response));
            assertEquals("attachment; filename=\"threads.pb.gz\"",
                    response.headers().firstValue("Content-Disposition").orElse(null));
            byte[] body = response.body();
            assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, Arrays.copyOf(body, 2), "gzip magic");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                assertTrue(in.readAllBytes().length > 0, "an empty profile");
            }
        }
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource({
        "debug=3, debug",
        "debug=x, debug",
        "format=xml, format",
        "debug=1&format=json, debug",
        "debug=0&format=text, debug",
        "debug=1&debug=2, debug",
        "seconds=30, seconds",
        "debug=2&createdBy=all, createdBy",
        "debug=1&createdBy=full, createdBy",
    })
    void badParametersGet400WithAJsonError(String query, String parameter) throws Exception {
        HttpResponse<String> response = get(app, "/debug/threads?" + query);

        assertEquals(400, response.statusCode());
        assertEquals("application/json", contentType(response));
        JsonNode error = MAPPER.readTree(response.body());
        assertEquals(parameter, error.get("parameter").asText());
        assertTrue(error.get("error").asText().contains(parameter), error.toString());
    }

    @Test
    void unknownDebugPathsGetAJson404AndAppPagesStayReachable() throws Exception {
        HttpResponse<String> missing = get(app, "/debug/nothing/here");
        assertEquals(404, missing.statusCode());
        assertEquals("application/json", contentType(missing));
        assertEquals("no such debug page: /debug/nothing/here (try /debug/threads?debug=1)",
                MAPPER.readTree(missing.body()).get("error").asText());

        assertEquals(404, get(app, "/debug").statusCode());
        assertEquals("application/json", contentType(get(app, "/debug")));

        HttpResponse<String> custom = get(app, "/debug/custom");
        assertEquals(200, custom.statusCode());
        assertEquals("the app's own page", custom.body());
    }

    @Test
    void registryIsExposedForTheAppsOwnMeters() throws Exception {
        plugin.registry().counter("workbook.test.requests").increment(3);

        String metrics = get(app, "/metrics").body();

        assertTrue(PrometheusText.parse(metrics).stream().anyMatch(
                s -> s.name().equals("workbook_test_requests_total") && s.value() == 3.0), metrics);
    }

    @Test
    void anExistingRegistryCanBePassedIn() {
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ThreadDebugPlugin withOwn = new ThreadDebugPlugin(cfg -> cfg.registry = own);
        assertSame(own, withOwn.registry());
    }

    @Test
    void remoteClientsGet403UnlessAllowed() throws Exception {
        // Jetty takes the client address from X-Forwarded-For here, so a loopback test can pose as remote.
        Consumer<io.javalin.config.JavalinConfig> trustForwarded = config -> config.jetty.modifyHttpConfiguration(
                http -> http.addCustomizer(new ForwardedRequestCustomizer()));
        Javalin guarded = start(new ThreadDebugPlugin(cfg -> cfg.createdBy = false), trustForwarded);
        Javalin open = start(new ThreadDebugPlugin(cfg -> {
            cfg.createdBy = false;
            cfg.allowRemote = true;
        }), trustForwarded);
        try {
            HttpResponse<String> denied = get(guarded, "/debug/threads?debug=1", "203.0.113.7");
            assertEquals(403, denied.statusCode());
            assertEquals("application/json", contentType(denied));
            String message = MAPPER.readTree(denied.body()).get("error").asText();
            assertTrue(message.contains("loopback clients only") && message.contains("203.0.113.7")
                    && message.contains("cfg.allowRemote = true"), message);
            assertEquals(403, get(guarded, "/debug/elsewhere", "203.0.113.7").statusCode());
            assertEquals(200, get(guarded, "/metrics", "203.0.113.7").statusCode(), "only /debug/* is guarded");
            assertEquals(200, get(guarded, "/debug/threads?debug=1", "127.0.0.1").statusCode());

            assertEquals(200, get(open, "/debug/threads?debug=1", "203.0.113.7").statusCode());
        } finally {
            guarded.stop();
            open.stop();
        }
    }

    @Test
    void defaultConfigCapturesWithTheThreadStartTracker() throws Exception {
        Javalin withDefaults = start(new ThreadDebugPlugin(), config -> {
        });
        try {
            HttpResponse<String> response = get(withDefaults, "/debug/threads?debug=2");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"tp-holder\" [WAITING]:"), response.body());
            HttpResponse<String> full = get(withDefaults, "/debug/threads?debug=2&createdBy=full");
            assertEquals(200, full.statusCode());
            assertTrue(full.body().contains("\"tp-holder\" [WAITING]:"), full.body());
        } finally {
            withDefaults.stop();
        }
    }

    static Javalin start(ThreadDebugPlugin plugin, Consumer<io.javalin.config.JavalinConfig> more) {
        return Javalin.create(config -> {
            config.registerPlugin(plugin);
            more.accept(config);
        }).start("127.0.0.1", 0);
    }

    static HttpResponse<String> get(Javalin app, String path) throws Exception {
        return CLIENT.send(request(app, path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(Javalin app, String path, String forwardedFor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", forwardedFor).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpRequest request(Javalin app, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** The Content-Type with parameters written as {@code type; a=b; c=d} (Jetty drops the space before charset). */
    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").map(type -> type.replaceAll("\\s*;\\s*", "; "))
                .orElse(null);
    }
}
