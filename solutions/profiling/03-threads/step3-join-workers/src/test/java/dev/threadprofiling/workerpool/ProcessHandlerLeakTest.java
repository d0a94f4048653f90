package dev.threadprofiling.workerpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaks;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every path through the handler, checked the goleak way: a test fails if it leaves a thread behind. */
@VerifyNoThreadLeaks
class ProcessHandlerLeakTest {

    private static Javalin server;

    @BeforeAll
    static void startServer() {
        server = Main.create(ServerOptions.onPort(0)).start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @ParameterizedTest(name = "{0} answers {1} and leaves no thread")
    @CsvSource({
        "/process?failEvery=0, 200",
        "/process?taskMs=100&deadlineMs=50&failEvery=0, 504",
        "/process?failEvery=1, 422"})
    void everyPathLeavesNoThreadBehind(String request, int status) throws IOException {
        assertEquals(status, statusOf(request));
    }

    /** A plain socket, so the test itself starts no client thread. */
    private static int statusOf(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(("GET " + request + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring("HTTP/1.1 ".length()));
        }
    }
}
