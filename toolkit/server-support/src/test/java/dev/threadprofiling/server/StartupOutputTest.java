package dev.threadprofiling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a workbook server prints, seen as a terminal or {@code exec:exec} sees it: a child JVM with
 * standard output and standard error read apart. Everything goes to standard output, Javalin's log
 * lines too, so that merging the two streams can never split the "listening on" line (it did, in
 * the docs' run, when Javalin logged to standard error).
 */
@Timeout(60) // it waits on child JVMs
class StartupOutputTest {

    /** A workbook server with one route, the smallest that {@link WorkbookServer#start} serves. */
    public static final class OneRouteServer {
        public static void main(String[] args) {
            WorkbookServer.start(Javalin.create(config -> {
                WorkbookServer.configure(config, ServerOptions.fromCommandLine("one-route", args));
                config.routes.get("/process", ctx -> ctx.result("ok"));
            }));
        }
    }

    private static final Pattern LISTENING =
            Pattern.compile("workbook-server listening on http://127\\.0\\.0\\.1:\\d+ \\(pid \\d+\\)");

    @Test
    void everyLineGoesToStandardOutputInTheOrderItWasWritten() throws Exception {
        Process server = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OneRouteServer.class.getName(), "--port", "0").start();
        CountDownLatch listening = new CountDownLatch(1);
        CompletableFuture<List<String>> out = readLines(server.getInputStream(), "startup-output-stdout", listening);
        CompletableFuture<List<String>> err = readLines(server.getErrorStream(), "startup-output-stderr", listening);
        try {
            assertTrue(listening.await(30, TimeUnit.SECONDS), "the server prints its listening line within 30 s");
        } finally {
            // SIGTERM: the graceful stop prints its lines and exits 0 (Process.destroy would close our pipes)
            server.toHandle().destroy();
        }
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops within 30 s of SIGTERM");
        List<String> stdout = out.get(10, TimeUnit.SECONDS);
        List<String> stderr = err.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(), stderr, "nothing on standard error; standard output was:\n" + String.join("\n", stdout));
        int javalin = indexOf(stdout, "INFO io.javalin.Javalin - Listening on http://127.0.0.1:");
        int ours = indexOf(stdout, "workbook-server listening on ");
        assertTrue(javalin >= 0 && ours > javalin,
                "Javalin's log line, then ours, on standard output:\n" + String.join("\n", stdout));
        assertTrue(LISTENING.matcher(stdout.get(ours)).matches(), "one whole line: " + stdout.get(ours));
        assertTrue(stdout.get(stdout.size() - 1).startsWith("stopped: 0 worker/producer threads alive at exit"),
                "the stop's last line: " + stdout);
        assertEquals(0, server.exitValue());
    }

    private static CompletableFuture<List<String>> readLines(InputStream stream, String threadName, CountDownLatch listening) {
        CompletableFuture<List<String>> lines = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                List<String> read = new ArrayList<>();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    read.add(line);
                    if (line.contains(" listening on ")) {
                        listening.countDown();
                    }
                }
                lines.complete(read);
            } catch (IOException | RuntimeException e) {
                lines.completeExceptionally(e);
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
