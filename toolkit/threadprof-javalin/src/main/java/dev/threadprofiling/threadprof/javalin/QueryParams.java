package dev.threadprofiling.threadprof.javalin;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one owner of query-parameter checks, with one wording: a bad value becomes a
 * {@link BadParameterException}, which every server answers with {@code 400 {"error": …, "parameter": …}}
 * through {@link HttpErrors} ({@link ThreadDebugPlugin} registers that answer).
 *
 * <pre>{@code
 * QueryParams params = QueryParams.of(ctx, "tasks", "workers");
 * int tasks = params.intValue("tasks", 100, 1, 10_000);
 * String debug = QueryParams.of(ctx.queryParamMap(), "debug", "format").oneOf("debug", "0", "1", "2");
 * }</pre>
 *
 * <p>Messages: {@code unknown parameter "x"; known parameters: a, b}, {@code x is given 2 times; give it once},
 * {@code x must be a whole number, not "y"}, {@code x must be between 1 and 10, not 20},
 * {@code x must be 0, 1 or 2, not "y"}.
 */
public final class QueryParams {

    /** Longer values are refused before they are parsed. */
    private static final int MAX_VALUE_LENGTH = 32;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");

    private final Map<String, List<String>> query;

    private QueryParams(Map<String, List<String>> query) {
        this.query = query;
    }

    /** Refuses a malformed query and any parameter not in {@code allowed}, so a typo is not silently ignored. */
    public static QueryParams of(Context ctx, String... allowed) {
        String query = ctx.queryString();
        if (query != null) {
            try {
                URLDecoder.decode(query, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(null, "malformed query string: " + e.getMessage());
            }
        }
        return of(ctx.queryParamMap(), allowed);
    }

    /** As {@link #of(Context, String...)}, over decoded parameters (name to values). */
    public static QueryParams of(Map<String, List<String>> query, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw new BadParameterException(name, "unknown parameter \"" + name
                        + "\"; known parameters: " + String.join(", ", allowed));
            }
        }
        return new QueryParams(query);
    }

    /** The parameter's one value, or {@code null} when absent. */
    public String value(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name, name + " is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    /** The parameter as one of {@code choices}, or {@code null} when absent. */
    public String oneOf(String name, String... choices) {
        String text = value(name);
        if (text == null || List.of(choices).contains(text)) {
            return text;
        }
        String last = choices[choices.length - 1];
        String listed = choices.length == 1 ? last
                : String.join(", ", List.of(choices).subList(0, choices.length - 1)) + " or " + last;
        throw new BadParameterException(name, name + " must be " + listed + ", not \"" + abbreviate(text) + "\"");
    }

    /** The parameter as an int in {@code [min, max]}, or {@code fallback} when absent. */
    public int intValue(String name, int fallback, int min, int max) {
        String value = value(name);
        if (value == null) {
            return fallback;
        }
        String text = value.trim();
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new BadParameterException(name, name + " is too long (" + text.length() + " characters)");
        }
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new BadParameterException(name, name + " must be a whole number, not \"" + text + "\"");
        }
        long number = text.length() > 18 ? (text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE) : Long.parseLong(text);
        if (number < min || number > max) {
            throw new BadParameterException(name, name + " must be between " + min + " and " + max + ", not " + number);
        }
        return (int) number;
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...";
    }
}
