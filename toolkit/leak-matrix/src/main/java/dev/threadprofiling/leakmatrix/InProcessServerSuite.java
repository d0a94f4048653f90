package dev.threadprofiling.leakmatrix;

import dev.threadprofiling.server.ServerOptions;
import io.javalin.Javalin;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** A suite that runs one workbook server in the test JVM on a free loopback port, for all its tests. */
@Timeout(300) // it waits on the server and its requests
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InProcessServerSuite {

    final Class<?> mainClass;
    final AnswerWitness answers = new AnswerWitness();
    Javalin server;
    HttpClient client;

    InProcessServerSuite(Class<?> mainClass) {
        this.mainClass = mainClass;
    }

    @BeforeAll
    void startServer() {
        server = WorkbookServers.startInProcess(mainClass, ServerOptions.onPort(0), answers);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }
}
