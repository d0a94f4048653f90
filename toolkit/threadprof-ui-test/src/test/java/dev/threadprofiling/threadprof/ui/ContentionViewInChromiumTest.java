package dev.threadprofiling.threadprof.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.cli.WebView;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.testing.ContentionWindows;
import dev.threadprofiling.threadprof.testing.Contenders;
import dev.threadprofiling.threadprof.testing.WebDriver;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view's block and mutex profiles, in real headless Chromium, on a server where two threads
 * contended for {@link Contenders#LEDGER}: the mutex view names the {@code synchronized} line with its
 * count, its delay in pprof's units and the previous owner, and marks the stack's application frames as
 * the model does; a window shows only its own waits; a saved profile opens through
 * {@code threadprof web FILE} and in the page; a wrong profile name or file says what is wrong.
 * Saves {@code target/screenshots/threadprof-ui-mutex.png}.
 */
@Timeout(120) // it waits on a server and Chromium
class ContentionViewInChromiumTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = Contenders.Ledger.class.getName();
    private static final String CONTENDERS = Contenders.class.getName();
    /** A delay as pprof and {@code threadprof top} print it: {@code 52.31ms}, {@code 1.2s}. */
    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d{1,2})?)(ns|us|ms|s)");
    /** Each group of the waits table: its cells, its first application frame, and its stack's frames with their class. */
    private static final String WAITS = """
            return Array.from(document.querySelectorAll('#waits tbody tr.wait')).map(function (r) {
              var stack = r.nextElementSibling;
              return { cells: Array.from(r.cells).slice(0, 6).map(function (c) { return c.textContent; }),
                summary: r.cells[6].textContent, open: !stack.hidden && stack.offsetHeight > 0,
                frames: Array.from(stack.querySelectorAll('li')).map(function (li) { return [li.className, li.textContent]; }) };
            });""";
    private static final String ERROR = "var e = document.getElementById('error');"
            + " return e.hidden || getComputedStyle(e).display === 'none' ? null : e.textContent;";

    private static Javalin app;
    private static String root;
    private static WebDriver browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerWithContention() throws Exception {
        WebDriver.assumeInstalled();
        ContentionRecorder.enable(Duration.ofMillis(5));
        app = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin(cfg -> cfg.createdBy = false)))
                .start("127.0.0.1", 0);
        root = "http://127.0.0.1:" + app.port();
        Contenders.contend("ui-ledger", Contenders::enterSynchronized);
        browser = WebDriver.start();
    }

    @AfterAll
    static void stopServer() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.stop();
        }
        ContentionRecorder.disable();
    }

    @Test
    void theMutexViewShowsTheContendedLineWithCountDelayOwnerAndStack() throws Exception {
        String status = openProfile("mutex");
        assertTrue(status.startsWith("mutex profile: ") && status.contains(" since recording began (threshold 5 ms)"), status);
        JsonNode ledger = row(browser.script(WAITS), "Contenders.enterSynchronized(Contenders.java:");
        int line = Contenders.lineOf("synchronized");
        String summary = ledger.get("summary").asText();
        assertTrue(summary.equals("Contenders.enterSynchronized(Contenders.java:" + line + ")")
                || summary.equals("Contenders.enterSynchronized(Contenders.java:" + (line + 1) + ")"),
                "the first application frame is the synchronized line " + line + ": " + summary);

        // What the server holds for that stack, against what the page shows.
        long contentions = 0;
        long delayNanos = 0;
        for (JsonNode sample : profile("/debug/mutex?format=json").get("samples")) {
            if (sample.get("frames").get(0).get("method").asText().equals("enterSynchronized")) {
                contentions += sample.get("contentions").asLong();
                delayNanos += sample.get("delayNanos").asLong();
            }
        }
        JsonNode cells = ledger.get("cells");
        assertTrue(contentions >= 1, "the server recorded the wait");
        assertEquals(String.valueOf(contentions), cells.get(2).asText(), "contentions: " + cells);
        String delay = cells.get(0).asText();
        assertTrue(delay.endsWith("ms") && !delay.endsWith("ns"), "a wait of about "
                + Contenders.HOLD_MILLIS + " ms is shown in ms: " + delay);
        assertEquals(delayNanos / 1e6, nanos(delay) / 1e6, 0.01, "the delay shown is the server's: " + delay);
        assertTrue(cells.get(1).asText().endsWith("%"), cells.toString());
        assertEquals("jdk.JavaMonitorEnter", cells.get(3).asText());
        assertEquals(LEDGER, cells.get(4).asText());
        assertTrue(cells.get(5).asText().matches("owner=ui-ledger-[12]"), "the previous owner: " + cells);

        // Each frame is marked as the model's ApplicationFrames says, the innermost one the application's.
        List<String> marks = new ArrayList<>();
        for (JsonNode frame : ledger.get("frames")) {
            String text = frame.get(1).asText();
            String className = text.substring(0, text.lastIndexOf('.', text.indexOf('(')));
            boolean application = ApplicationFrames.isApplication(new StackFrame(null, className, "m", null, -1));
            assertEquals(application ? "app" : "lib", frame.get(0).asText(), text);
            marks.add(frame.get(0).asText());
        }
        assertTrue(ledger.get("frames").get(0).get(1).asText().startsWith(CONTENDERS + ".enterSynchronized(Contenders.java:"),
                ledger.toString());
        assertEquals("app", marks.get(0));
        assertTrue(marks.contains("lib"), "java.lang.Thread.run is not the application's: " + ledger);
        browser.screenshot(Path.of("target", "screenshots", "threadprof-ui-mutex.png"));
        // A click on the group's row shows its stack, or hides it again.
        boolean open = ledger.get("open").asBoolean();
        browser.script("Array.from(document.querySelectorAll('#waits tr.wait')).filter(function (r) {"
                + " return r.cells[6].textContent.indexOf('Contenders.enterSynchronized(') === 0; })[0].click();");
        assertEquals(!open, row(browser.script(WAITS), "Contenders.enterSynchronized(").get("open").asBoolean());

        assertEquals("delay", browser.script("return document.querySelector('.weight').textContent").asText());
        String flat = browser.script("return document.querySelector('#top tbody tr').cells[0].textContent").asText();
        assertTrue(DELAY.matcher(flat).matches() || flat.equals("0"), "the top table weighs delay: " + flat);
    }

    @Test
    void thePinnedViewSaysWhatItShowsOrThatItNeedsJava21() throws Exception {
        String status = openProfile("pinned");
        String notice = browser.script("var n = document.getElementById('not-recording'); return n.hidden ? '' : n.textContent")
                .asText();
        if (Runtime.version().feature() < 21) {
            assertTrue(status.startsWith("pinned profile: not available on this JVM: virtual threads need Java 21+"), status);
            assertTrue(notice.startsWith("pinned profile: not available on this JVM"), notice);
        } else {
            assertTrue(status.startsWith("pinned profile: ") && status.contains(" pinnings, ")
                    && status.contains(" since recording began (threshold 5 ms)"), status);
            assertEquals("", notice);
        }
    }

    @Test
    void switchingToBlockWithAWindowShowsOnlyTheWaitsOfThatWindow() throws Exception {
        browser.open(root + "/debug/threads/ui");
        awaitLoaded("the thread profile is drawn");
        browser.script("var s = document.getElementById('profile'); s.value = 'block'; s.dispatchEvent(new Event('change'));");
        browser.await("return window.threadprof.contention !== null && document.body.getAttribute('data-view') === 'block'",
                JsonNode::asBoolean, "the block profile is drawn");
        String before = browser.script("return document.body.getAttribute('data-loaded')").asText();

        browser.script("var s = document.getElementById('window'); s.value = '1'; s.dispatchEvent(new Event('change'));");
        ContentionWindows.awaitOpen(Duration.ofSeconds(10));
        Contenders.lateTaker("ui-window");
        browser.await("return document.body.getAttribute('data-loaded') !== '" + before + "'", JsonNode::asBoolean,
                "the 1 s window is drawn");

        assertEquals("?profile=block&seconds=1", browser.script("return location.search").asText());
        String status = browser.script("return document.getElementById('status').textContent").asText();
        assertTrue(status.matches("block profile: \\d+ contentions, [\\d.]+ s delay in 1\\.\\d s window \\(threshold 5 ms\\),"
                + " \\d+ stacks"), status);
        JsonNode rows = browser.script(WAITS);
        JsonNode handOff = row(rows, "Contenders.handOff(Contenders.java:" + Contenders.lineOf("put") + ")");
        assertEquals("jdk.ThreadPark", handOff.get("cells").get(3).asText());
        assertTrue(handOff.get("cells").get(4).asText().startsWith("java.util.concurrent.SynchronousQueue$"), handOff.toString());
        assertEquals("lib", handOff.get("frames").get(0).get(0).asText(), "Unsafe.park is the JDK's: " + handOff);
        for (JsonNode row : rows) {
            assertFalse(row.get("summary").asText().startsWith("Contenders.enterSynchronized("),
                    "the ledger's wait ended before the window: " + rows);
        }
    }

    @Test
    void aSavedBlockProfileOpensThroughThreadprofWeb() throws Exception {
        Path saved = dir.resolve("block.json");
        Files.writeString(saved, get("/debug/block?format=json").body());
        try (WebView view = WebView.start(saved.toString(), 0)) {
            browser.open(view.url());
            awaitLoaded("the saved block profile is drawn");

            assertEquals("block", browser.script("return document.getElementById('profile').value").asText());
            assertEquals("[true,false,true,true]", browser.script("return Array.from(document.querySelectorAll('#profile option'))"
                    + ".map(function (o) { return o.disabled; })").toString(), "only block can be chosen");
            JsonNode ledger = row(browser.script(WAITS), "Contenders.enterSynchronized(Contenders.java:");
            assertTrue(ledger.get("cells").get(5).asText().matches("owner=ui-ledger-[12]"), ledger.toString());

            browser.open(view.url().replace("profile=block", "profile=mutex"));
            String error = awaitError(null);
            assertTrue(error.startsWith("no mutex profile here: this page serves block only"), error);
            assertEquals("error", browser.script("return document.getElementById('status').textContent").asText());
        }
    }

    @Test
    void aSavedPinnedProfileShowsEachReasonInItsOwnRow() throws Exception {
        // Same stack, two reasons (Java 24+ names one per pinning): two rows, as debug=1 has two groups.
        List<StackFrame> stack = List.of(
                new StackFrame("java.base", "java.lang.VirtualThread", "parkOnCarrierThread", "VirtualThread.java", 689),
                new StackFrame(null, "dev.shop.Rates", "<clinit>", "Rates.java", 9),
                new StackFrame(null, "dev.shop.Handler", "handle", "Handler.java", 12));
        Instant start = Instant.parse("2026-11-29T12:00:00Z");
        ContentionProfile pinned = new ContentionProfile(ContentionKind.PINNED, true, Duration.ofMillis(5), start,
                start.plusSeconds(10), true, List.of(
                        new ContentionSample(stack, ContentionSample.VIRTUAL_THREAD_PINNED, null, null,
                                "VM call to dev.shop.Rates.<clinit> on stack", 3, 600_000_000),
                        new ContentionSample(stack, ContentionSample.VIRTUAL_THREAD_PINNED, null, null,
                                "Native or VM frame on stack", 2, 100_000_000)));
        Path saved = dir.resolve("pinned.json");
        Files.write(saved, ContentionJson.writeBytes(pinned));
        try (WebView view = WebView.start(saved.toString(), 0)) {
            browser.open(view.url());
            awaitLoaded("the saved pinned profile is drawn");

            assertEquals(pinned.summary() + ", 2 stacks",
                    browser.script("return document.getElementById('status').textContent").asText(), "debug=1's first line");
            JsonNode rows = browser.script(WAITS);
            assertEquals(2, rows.size(), "one row a reason: " + rows);
            assertEquals(List.of("3", "reason=\"VM call to dev.shop.Rates.<clinit> on stack\""), countAndOther(rows.get(0)));
            assertEquals(List.of("2", "reason=\"Native or VM frame on stack\""), countAndOther(rows.get(1)));
        }
    }

    @Test
    void aWrongProfileNameWindowOrFileSaysWhatIsWrong() throws Exception {
        browser.open(root + "/debug/threads/ui?profile=goroutine");
        assertEquals("unknown profile \"goroutine\" in ?profile=: this page shows threads, block, mutex or pinned", awaitError(null));

        browser.open(root + "/debug/threads/ui?profile=block&seconds=0");
        assertEquals("GET /debug/block?format=json&seconds=0 answered 400: seconds must be between 1 and 300, not 0",
                awaitError(null));

        Path notJson = dir.resolve("mutex.txt");
        Files.writeString(notJson, get("/debug/mutex?debug=1").body());
        browser.upload("#open-file", notJson);
        String notJsonError = awaitError("1");
        assertTrue(notJsonError.startsWith("cannot open mutex.txt: it is not JSON, not a threadprof profile."), notJsonError);

        Path otherJson = dir.resolve("other.json");
        Files.writeString(otherJson, "{\"schema\": \"pprof/v9\", \"samples\": []}");
        browser.upload("#open-file", otherJson);
        String error = awaitError("2");
        assertTrue(error.startsWith("cannot open other.json: its schema is \"pprof/v9\", not a threadprof profile."), error);

        Path saved = dir.resolve("mutex.json");
        Files.writeString(saved, get("/debug/mutex?format=json").body());
        browser.upload("#open-file", saved);
        browser.await("return " + function(ERROR) + " === null && window.threadprof.file === 'mutex.json'",
                JsonNode::asBoolean, "the saved mutex profile replaces the message");
        assertEquals("mutex", browser.script("return document.body.getAttribute('data-view')").asText());
        assertTrue(browser.script("return document.getElementById('status').textContent").asText()
                .endsWith("(file mutex.json)"));
        row(browser.script(WAITS), "Contenders.enterSynchronized(Contenders.java:");
    }

    /** Opens the page on {@code profile}, waits until it is drawn and the menu shows it; returns the status line. */
    private static String openProfile(String profile) throws Exception {
        browser.open(root + "/debug/threads/ui?profile=" + profile);
        awaitLoaded("the " + profile + " profile is drawn");
        assertEquals(profile, browser.script("return document.getElementById('profile').value").asText());
        return browser.script("return document.getElementById('status').textContent").asText();
    }

    private static void awaitLoaded(String what) throws Exception {
        browser.await("return document.body.getAttribute('data-loaded') !== null", JsonNode::asBoolean, what);
    }

    /**
     * The message the page shows once it shows one after the {@code seen}th ({@code null}: a page just
     * opened); the page is not blank: its header and menu stay.
     */
    private static String awaitError(String seen) throws Exception {
        String error = browser.await("return document.body.getAttribute('data-error') !== "
                + (seen == null ? "null" : "'" + seen + "'") + " ? " + function(ERROR) + " : null",
                node -> !node.isNull(), "the page shows an error").asText();
        assertTrue(browser.script("return document.getElementById('profile').offsetHeight > 0").asBoolean(),
                "the menu is still there");
        return error;
    }

    private static String function(String body) {
        return "(function () { " + body + " }())";
    }

    /** A row's count and its "previous owner / notifier / reason" cell. */
    private static List<String> countAndOther(JsonNode row) {
        return List.of(row.get("cells").get(2).asText(), row.get("cells").get(5).asText());
    }

    private static JsonNode row(JsonNode rows, String summaryPrefix) {
        for (JsonNode row : rows) {
            if (row.get("summary").asText().startsWith(summaryPrefix)) {
                return row;
            }
        }
        throw new AssertionError("no row of the waits table opens on " + summaryPrefix + ": " + rows);
    }

    private static long nanos(String delay) {
        Matcher m = DELAY.matcher(delay);
        assertTrue(m.matches(), "a delay in pprof's units: " + delay);
        double value = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            case "us" -> 1e3;
            default -> 1;
        };
        return Math.round(value * scale);
    }

    private static JsonNode profile(String path) throws Exception {
        return JSON.readTree(get(path).body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }
}
