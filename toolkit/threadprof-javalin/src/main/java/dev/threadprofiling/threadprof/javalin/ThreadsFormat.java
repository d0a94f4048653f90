package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.format.Debug2Format;
import java.util.List;
import java.util.Map;

/**
 * The formats of {@code GET /debug/threads}, and how its query chooses one.
 *
 * <pre>{@code
 * ThreadsFormat.fromQuery(ctx.queryParamMap())   // {} -> PPROF, {debug=[1]} -> DEBUG1, {format=[json]} -> JSON
 * }</pre>
 *
 * <table>
 *   <caption>query → format</caption>
 *   <tr><td>none, {@code debug=0}, {@code format=pprof}</td><td>{@link #PPROF}</td></tr>
 *   <tr><td>{@code debug=1}, {@code format=text}</td><td>{@link #DEBUG1}</td></tr>
 *   <tr><td>{@code debug=2}, {@code format=text&debug=2}</td><td>{@link #DEBUG2}</td></tr>
 *   <tr><td>{@code format=json}</td><td>{@link #JSON}</td></tr>
 * </table>
 * With {@code debug=2}, {@code createdBy=full} prints whole creation stacks ({@link #creationStacks}).
 * Anything else (another value, another parameter, a repeated one, or {@code debug} and
 * {@code format} that disagree, such as {@code format=json&debug=1}) throws
 * {@link BadParameterException} through {@link QueryParams}, in its wording.
 */
public enum ThreadsFormat {
    /** Gzipped pprof protobuf ({@code debug=0}). */
    PPROF,
    /** Grouped text ({@code debug=1}). */
    DEBUG1,
    /** Every thread as text ({@code debug=2}). */
    DEBUG2,
    /** The threadprof/v1 JSON document. */
    JSON;

    /** {@code createdBy=full}: {@code debug=2} prints whole creation stacks, not just the application's frames. */
    public static final String CREATED_BY = "createdBy";
    private static final String USAGE = "use debug=0|1|2 or format=pprof|text|json";

    public static ThreadsFormat fromQuery(Map<String, List<String>> query) {
        QueryParams params = QueryParams.of(query, "debug", "format", CREATED_BY);
        String debug = params.oneOf("debug", "0", "1", "2");
        String format = params.oneOf("format", "pprof", "text", "json");
        ThreadsFormat byDebug = debug == null ? null : switch (debug) {
            case "0" -> PPROF;
            case "1" -> DEBUG1;
            default -> DEBUG2;
        };
        if (format == null) {
            return byDebug == null ? PPROF : byDebug;
        }
        ThreadsFormat byFormat = switch (format) {
            case "pprof" -> PPROF;
            case "text" -> byDebug == DEBUG2 ? DEBUG2 : DEBUG1;
            default -> JSON;
        };
        if (byDebug != null && byDebug != byFormat) {
            throw new BadParameterException("debug", "debug=" + debug + " contradicts format=" + format
                    + ": give one of them (" + USAGE + ")");
        }
        return byFormat;
    }

    /**
     * How much of each creation stack {@code debug=2} prints: {@code createdBy=app} (the default:
     * application frames, the rest counted) or {@code createdBy=full}; refused with another format.
     */
    public static Debug2Format.CreationStacks creationStacks(Map<String, List<String>> query) {
        String value = QueryParams.of(query, "debug", "format", CREATED_BY).oneOf(CREATED_BY, "app", "full");
        if (value == null) {
            return Debug2Format.CreationStacks.APPLICATION;
        }
        if (fromQuery(query) != DEBUG2) {
            throw new BadParameterException(CREATED_BY, "createdBy applies to debug=2 only");
        }
        return "full".equals(value) ? Debug2Format.CreationStacks.FULL : Debug2Format.CreationStacks.APPLICATION;
    }
}
