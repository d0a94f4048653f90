package dev.threadprofiling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A port in use is one line that names the port and how to pick another, and exit status 1. */
class PortInUseTest {

    @Test
    void aTakenPortIsOneLineNamingThePortAndTheWayToPickAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process server = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StartupOutputTest.OneRouteServer.class.getName(),
                    "--port", String.valueOf(port)).start();
            CompletableFuture<String> out = read(server.getInputStream(), "port-in-use-stdout");
            CompletableFuture<String> err = read(server.getErrorStream(), "port-in-use-stderr");
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server exits by itself");
            String stdout = out.get(10, TimeUnit.SECONDS);
            List<String> stderr = err.get(10, TimeUnit.SECONDS).lines().toList();

            assertEquals(1, server.exitValue());
            assertEquals(List.of("workbook-server: port " + port + " is in use (another server still running?);"
                    + " stop that one, or pick another port: PORT=" + (port + 1) + " or --port " + (port + 1)), stderr,
                    "one line on standard error; standard output was:\n" + stdout);
            assertTrue(stdout.isBlank(), "nothing on standard output, no stack trace:\n" + stdout);
        }
    }

    @Test
    void aFreePortAndPortZeroAreNotInUse() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
            assertTrue(WorkbookServer.portInUse("127.0.0.1", free).isPresent(), "taken while we hold it");
        }
        assertEquals(Optional.empty(), WorkbookServer.portInUse("127.0.0.1", free));
        assertEquals(Optional.empty(), WorkbookServer.portInUse("127.0.0.1", 0));
    }

    @Test
    void theNotFoundMessageNamesTheServersOwnEndpoints() {
        assertEquals("no such endpoint: GET /x; try GET /order or GET /debug/threads?debug=1",
                WorkbookServer.notFound("GET /x", List.of("/debug/threads", "/metrics", "/order", "/debug/block")));
        assertEquals("no such endpoint: GET /x; try GET /process or GET /debug/threads?debug=1",
                WorkbookServer.notFound("GET /x", List.of("/process", "/debug/threads")));
    }

    private static CompletableFuture<String> read(InputStream stream, String threadName) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
