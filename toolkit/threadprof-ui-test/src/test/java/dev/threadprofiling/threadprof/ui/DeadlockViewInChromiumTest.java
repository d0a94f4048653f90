package dev.threadprofiling.threadprof.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadprofiling.threadprof.cli.WebView;
import dev.threadprofiling.threadprof.testing.WebDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web view draws the wait-for graph of a real jstack dump of a deadlocked JVM (JDK 17; threadprof's
 * dump tests read the same file): one ordered list a cycle, each thread with an arrow to the holder of
 * the lock it waits for, in {@code debug=1}'s words; a profile without a deadlock shows no such section.
 * Saves {@code target/screenshots/threadprof-ui-deadlock.png}.
 */
@Timeout(120) // it waits on Chromium
class DeadlockViewInChromiumTest {

    private static final Path DUMP = Path.of("..", "threadprof", "src", "test", "resources", "dumps", "jdk17-deadlock.jstack.txt");
    private static final String GRAPH = """
            var section = document.getElementById('deadlocks-section');
            return { shown: !section.hidden && section.offsetHeight > 0,
              cycles: Array.from(document.querySelectorAll('#deadlocks h3')).map(function (h) {
                var list = h.nextElementSibling;
                return { heading: h.textContent,
                  edges: Array.from(list.querySelectorAll('li:not(.back)')).map(function (li) {
                    return { from: li.children[0].textContent, arrow: li.children[1].textContent,
                      to: li.children[2].textContent, holder: li.children[3].textContent }; }),
                  back: list.querySelector('li.back').textContent };
              }) };""";

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        WebDriver.assumeInstalled();
        browser = WebDriver.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aDeadlockedDumpShowsEachCycleWithItsArrows() throws Exception {
        assertTrue(Files.isRegularFile(DUMP), DUMP.toAbsolutePath() + " exists");
        try (WebView view = WebView.start(DUMP.toString(), 0)) {
            browser.open(view.url());
            browser.await("return document.body.getAttribute('data-loaded') !== null", JsonNode::asBoolean, "the dump is drawn");
            JsonNode graph = browser.script("return (function () {" + GRAPH + "})()");
            assertTrue(graph.get("shown").asBoolean(), graph.toString());
            assertEquals(2, graph.get("cycles").size(), graph.toString());

            JsonNode accounts = graph.get("cycles").get(0);
            assertEquals("Found one Java-level deadlock (ThreadMXBean.findDeadlockedThreads), 2 threads:", accounts.get("heading").asText());
            JsonNode first = accounts.get("edges").get(0);
            assertTrue(first.get("from").asText().matches("\"account-0\" #\\d+"), first.toString());
            assertEquals(" \u2014 waits for monitor java.lang.Object \u2192 ", first.get("arrow").asText());
            assertTrue(first.get("to").asText().matches("\"account-1\" #\\d+"), first.toString());
            assertTrue(first.get("holder").asText().matches("held by \"account-1\" #\\d+, which locked it at "
                    + "dev\\.threadprofiling\\.threadprof\\.capture\\.DeadlockedThreads\\$Party\\.holdOwn\\(DeadlockedThreads\\.java:\\d+\\)"),
                    first.toString());
            assertTrue(accounts.get("edges").get(1).get("to").asText().startsWith("\"account-0\" #"), accounts.toString());
            assertEquals("\u21BA back to " + first.get("from").asText(), accounts.get("back").asText());

            JsonNode ledger = graph.get("cycles").get(1);
            assertEquals(3, ledger.get("edges").size(), ledger.toString());
            assertEquals(" \u2014 waits for lock java.util.concurrent.locks.ReentrantLock$NonfairSync \u2192 ",
                    ledger.get("edges").get(1).get("arrow").asText());
            assertTrue(ledger.get("edges").get(1).get("holder").asText().endsWith("(the frame that took the lock is not recorded)"),
                    ledger.toString());
            browser.screenshot(Path.of("target", "screenshots", "threadprof-ui-deadlock.png"));
        }
    }

    @Test
    void aDumpWithoutADeadlockShowsNoGraph() throws Exception {
        Path calm = Path.of("target", "calm.jstack.txt");
        Files.createDirectories(calm.getParent());
        String text = Files.readString(DUMP);
        Files.writeString(calm, text.substring(0, text.indexOf("Found one Java-level deadlock:")));
        try (WebView view = WebView.start(calm.toString(), 0)) {
            browser.open(view.url());
            browser.await("return document.body.getAttribute('data-loaded') !== null", JsonNode::asBoolean, "the dump is drawn");
            JsonNode graph = browser.script("return (function () {" + GRAPH + "})()");
            assertEquals(false, graph.get("shown").asBoolean(), graph.toString());
            assertEquals(0, graph.get("cycles").size(), graph.toString());
        }
    }
}
