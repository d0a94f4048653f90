package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownDocTest {

    @Test
    void anchorsAreGitHubs() {
        assertEquals("how-threadprof-keeps-the-pause-short", MarkdownDoc.anchor("How threadprof keeps the pause short"));
        assertEquals("step-1-start-the-server", MarkdownDoc.anchor("Step 1: start the server"));
        assertEquals("debug1-grouped", MarkdownDoc.anchor("`debug=1`: grouped"));
        assertEquals("threadprofが停止を短く保つ仕組み", MarkdownDoc.anchor("threadprofが停止を短く保つ仕組み"));
        assertEquals("ステップ1-サーバーの起動", MarkdownDoc.anchor("ステップ1: サーバーの起動"));
    }

    @Test
    void headingsInsideCodeBlocksAreNotAnchors(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Title\n\n```console\n# not a heading\n```\n\n## Second part\n");
        MarkdownDoc doc = MarkdownDoc.read(page);
        assertEquals(2, doc.anchors().size(), doc.anchors().toString());
        assertTrue(doc.anchors().contains("title"));
        assertTrue(doc.anchors().contains("second-part"));
    }
}
