package dev.threadprofiling.threadprof.javalin;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validated query parameters: a bad value becomes a {@link BadParameterException}, which the
 * server turns into {@code 400 {"error": …, "parameter": …}}.
 *
 * <pre>{@code
 * QueryParams params = QueryParams.of(ctx, "tasks", "workers");
 * int tasks = params.intValue("tasks", 100, 1, 10_000);
 * }</pre>
 */
public final class QueryParams {

    /** Longer values are refused before they are parsed. */
    private static final int MAX_VALUE_LENGTH = 32;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");

    private final Context ctx;

    private QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** Refuses any parameter not in {@code allowed}, so a typo is not silently ignored. */
    public static QueryParams of(Context ctx, String... allowed) {
        String query = ctx.queryString();
        if (query != null) {
            try {
                URLDecoder.decode(query, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(null, "malformed query string: " + e.getMessage());
            }
        }
        Set<String> known = Set.of(allowed);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                throw new BadParameterException(name, "unknown parameter '" + name
                        + "'; known parameters: " + String.join(", ", allowed));
            }
        }
        return new QueryParams(ctx);
    }

    /** The parameter as an int in {@code [min, max]}, or {@code fallback} when absent. */
    public int intValue(String name, int fallback, int min, int max) {
        var values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name, name + " is given " + values.size() + " times; give it once");
        }
        String text = values.get(0).trim();
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new BadParameterException(name, name + " is too long (" + text.length() + " characters)");
        }
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new BadParameterException(name, name + " must be a whole number, got '" + text + "'");
        }
        long value = text.length() > 18 ? (text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE) : Long.parseLong(text);
        if (value < min || value > max) {
            throw new BadParameterException(name, name + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }
}
