package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.testing.SlowInitializer;
import dev.threadprofiling.threadprof.testing.ContentionWindows;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning;
import dev.threadprofiling.threadprof.testing.VirtualThreadPinning.Case;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /debug/pinned} on a real server with virtual threads that really pin their carrier (Java 21+;
 * this source folder is compiled only there): a static initializer that sleeps, which pins on every
 * version so far. The window test runs last: it pins again.
 */
@Timeout(60) // it waits on a server and a window
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PinnedEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration SLEEP = Duration.ofMillis(60);
    private static final String CLINIT = SlowInitializer.class.getName() + ".<clinit>(SlowInitializer.java:";

    @RegisterExtension
    static final RecordingServer SERVER = new RecordingServer();

    private static Javalin app;

    @BeforeAll
    static void pin() throws Exception {
        app = SERVER.app();
        VirtualThreadPinning.run(Case.CLASS_INITIALIZER, "endpoint-pin", 3, SLEEP);
    }

    @Test
    @Order(1)
    void debug1ShowsThePinningsAtTheStaticInitializersLine() throws Exception {
        String body = ThreadDebugPluginTest.get(app, "/debug/pinned?debug=1").body();
        int line = VirtualThreadPinning.pinningLine(Case.CLASS_INITIALIZER);

        assertTrue(body.startsWith("--- pinned profile: 3 pinnings, "), body);
        Matcher group = Pattern.compile("(?m)^(\\d+) 3 @ jdk\\.VirtualThreadPinned( reason=\"[^\"]+\")?\n"
                + "#\tjava\\.lang\\.VirtualThread\\.parkOnCarrierThread\\(").matcher(body);
        assertTrue(group.find(), body);
        assertTrue(Long.parseLong(group.group(1)) >= 3 * SLEEP.toNanos() / 2, "three pinnings of most of a sleep each: " + body);
        assertTrue(body.contains("#\t" + CLINIT + line + ")\n"), "the static initializer's line " + line + ":\n" + body);
        if (Runtime.version().feature() >= 24) {
            assertEquals(" reason=\"VM call to " + SlowInitializer.class.getName() + ".<clinit> on stack\"", group.group(2));
        }
    }

    @Test
    @Order(2)
    void jsonAndAWindowHoldTheSamePinnings() throws Exception {
        JsonNode all = MAPPER.readTree(ThreadDebugPluginTest.get(app, "/debug/pinned?format=json").body());
        assertEquals("pinned", all.get("profile").asText());
        assertEquals(3, all.get("contentions").asLong(), "the JSON's count field holds the pinnings: " + all);

        Thread later = Thread.ofPlatform().name("endpoint-pin-later").start(() -> {
            try {
                ContentionWindows.awaitOpen(Duration.ofSeconds(10));
                VirtualThreadPinning.run(Case.CLASS_INITIALIZER, "endpoint-pin-window", 2, SLEEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JsonNode window = MAPPER.readTree(ThreadDebugPluginTest.get(app, "/debug/pinned?format=json&seconds=1").body());
        later.join();

        assertEquals(2, window.get("contentions").asLong(), "only the window's pinnings: " + window);
        assertTrue(!window.get("cumulative").asBoolean());
    }
}
