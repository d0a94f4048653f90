package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every workbook server promises about bad input: a 4xx with a JSON error that names the
 * parameter, and a server that goes on serving.
 *
 * <pre>{@code
 * class ServerContractTest extends ServerContract {
 *     ServerContractTest() {
 *         super(Main.class);
 *     }
 * }
 * }</pre>
 */
public abstract class ServerContract extends InProcessServerSuite {

    private static final ObjectMapper JSON = new ObjectMapper();


    protected ServerContract(Class<?> mainClass) {
        super(mainClass);
    }

    static Stream<Arguments> badRequests() {
        String huge = "a".repeat(20_000);
        return Stream.of(
                Arguments.of("GET", "/process?tasks=abc", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=-1", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=0", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=1.5", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=99999999999999999999", 400, "tasks"),
                Arguments.of("GET", "/process?tasks=1&tasks=2", 400, "tasks"),
                Arguments.of("GET", "/process?workers=0", 400, "workers"),
                Arguments.of("GET", "/process?workers=100000", 400, "workers"),
                Arguments.of("GET", "/process?taskMs=-5", 400, "taskMs"),
                Arguments.of("GET", "/process?deadlineMs=0", 400, "deadlineMs"),
                Arguments.of("GET", "/process?failEvery=-1", 400, "failEvery"),
                Arguments.of("GET", "/process?color=blue", 400, "color"),
                Arguments.of("GET", "/process?tasks=%ZZ", 400, null),
                Arguments.of("GET", "/process?" + huge + "=1", 414, null),
                Arguments.of("POST", "/process", 405, null),
                Arguments.of("GET", "/debug/threads?debug=3", 400, "debug"),
                Arguments.of("GET", "/debug/threads?debug=x", 400, "debug"),
                Arguments.of("GET", "/debug/threads?format=xml", 400, "format"),
                Arguments.of("GET", "/debug/threads?color=blue", 400, "color"),
                Arguments.of("GET", "/debug/nothing-here", 404, null),
                Arguments.of("GET", "/no-such-page", 404, null));
    }

    @DisplayName("bad input gets a 4xx with a JSON error, and the server goes on serving")
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("badRequests")
    void badInput(String method, String pathAndQuery, int status, String parameter) throws Exception {
        RawResponse response = RawResponse.send(server.port(), method, pathAndQuery);
        String shown = pathAndQuery.length() > 80 ? pathAndQuery.substring(0, 80) + "…" : pathAndQuery;
        assertEquals(status, response.status(), () -> method + " " + shown + " answered " + response.body());
        assertTrue(response.contentType().startsWith("application/json"),
                () -> "content type of the error: " + response.contentType());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.hasNonNull("error"), () -> "error body without an \"error\" message: " + response.body());
        if (parameter != null) {
            assertEquals(parameter, body.path("parameter").asText(null), () -> "parameter named in " + response.body());
        }
        HttpResponse<String> healthy = send("GET", "/process?failEvery=0&tasks=5&workers=2");
        assertEquals(200, healthy.statusCode(), () -> "server after bad input: " + healthy.body());
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
