package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.web.ErrorJson;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The one owner of JSON error bodies, {@code {"error": message, "parameter": name}}: the thread
 * plugin, every workbook server and Jetty's own errors answer with it.
 *
 * <pre>{@code
 * HttpErrors.send(ctx, HttpStatus.BAD_REQUEST, "tasks must be a whole number, got 'x'", "tasks");
 * config.jetty.modifyServer(server -> server.setErrorHandler(HttpErrors.jettyErrorHandler()));
 * }</pre>
 */
public final class HttpErrors {

    static final String JSON_CONTENT_TYPE = "application/json";

    private HttpErrors() {
    }

    /** Answers {@code status} with the JSON error body; {@code parameter} may be {@code null}. */
    public static void send(Context ctx, HttpStatus status, String message, String parameter) {
        send(ctx, status.getCode(), message, parameter);
    }

    /** Answers {@code status} with the JSON error body; {@code parameter} may be {@code null}. */
    public static void send(Context ctx, int status, String message, String parameter) {
        ctx.status(status).contentType(JSON_CONTENT_TYPE).result(body(message, parameter));
    }

    /** A bad query parameter's 400; {@link ThreadDebugPlugin} registers it for every route of the app. */
    public static void badParameter(BadParameterException e, Context ctx) {
        send(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter());
    }

    /** {@code {"error": message, "parameter": parameter}} ({@link ErrorJson}), without {@code parameter} when it is {@code null}. */
    public static String body(String message, String parameter) {
        return ErrorJson.body(message, parameter);
    }

    /** Jetty's own errors (a request line too long, a malformed request) as the same JSON. */
    public static ErrorHandler jettyErrorHandler() {
        return new JsonErrorHandler();
    }
}
