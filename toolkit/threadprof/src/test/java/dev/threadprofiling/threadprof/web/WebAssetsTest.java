package dev.threadprofiling.threadprof.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web view asks the model which frames are the application's, as the CLI and the leak report do. */
class WebAssetsTest {

    @Test
    void thePageFillsEveryPlaceholder() {
        String page = WebAssets.page("/debug/threads", Map.of("threads", "/debug/threads"));
        assertTrue(page.contains("data-base=\"/debug/threads\""), page);
        assertFalse(page.contains("{{"), "every placeholder is filled: " + page);
    }

    @Test
    void thePageListsItsProfilesInMenuOrderWithTheirPaths() {
        String page = WebAssets.page("/debug/threads",
                Map.of("mutex", "/debug/mutex", "threads", "/debug/threads", "pinned", "/debug/pinned", "block", "/debug/block"));
        assertTrue(page.contains("data-profiles=\"threads=/debug/threads,block=/debug/block,mutex=/debug/mutex,pinned=/debug/pinned\""), page);
        assertTrue(WebAssets.page("/debug/threads", Map.of("block", "/debug/block"))
                .contains("data-profiles=\"block=/debug/block\""));
    }

    @Test
    void aProfileThePageCannotShowIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WebAssets.page("/debug/threads", Map.of("goroutine", "/debug/goroutine")));
        assertTrue(refused.getMessage().contains("[threads, block, mutex, pinned]"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebAssets.page("/debug/threads", Map.of()));
    }

    @Test
    void theScriptDecidesNothingAboutFrames() {
        String js = new String(WebAssets.asset("threadprof.js").orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertFalse(js.contains("data-library-packages"), "the application frame is Java's (ProfileView)");
        assertFalse(js.contains("'org.eclipse.jetty.'"), "no second definition of a library frame in the script");
        assertFalse(js.contains("Native Method"), "frame text is Java's (FrameText)");
        assertTrue(js.contains("/ui/view"), "the script draws what ProfileView answers");
    }
}
