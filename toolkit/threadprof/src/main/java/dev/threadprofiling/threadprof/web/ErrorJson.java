package dev.threadprofiling.threadprof.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one shape of an HTTP error body, {@code {"error": message, "parameter": name}}: the Javalin plugin
 * ({@code HttpErrors}), {@code threadprof web} and the web view's own endpoint answer with it, and the page
 * shows its {@code error}.
 */
public final class ErrorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ErrorJson() {
    }

    /** {@code {"error": message, "parameter": parameter}}, without {@code parameter} when it is {@code null}. */
    public static String body(String message, String parameter) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return body.toString();
    }
}
