package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60) // it waits on the shell commands and servers a session starts
class DocSessionTest {

    @Test
    void aServerIsReadyOnlyOnceItsReadyLineIsWhole(@TempDir Path dir) throws Exception {
        try (DocSession session = new DocSession(dir)) {
            // The ready line arrives in two writes, as a JVM's buffered output can.
            DocSession.Result result = session.startServer(
                    "echo starting; printf 'demo listening on http://127.0.0.1:'; sleep 1; echo '6060 (pid 1)'; sleep 60",
                    Pattern.compile("listening on"), 30);
            assertEquals(0, result.exit());
            assertEquals(List.of("starting", "demo listening on http://127.0.0.1:6060 (pid 1)"), result.lines());
        }
    }
}
