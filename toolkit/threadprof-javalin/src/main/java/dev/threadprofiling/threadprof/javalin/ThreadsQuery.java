package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.format.Debug2Format;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /debug/threads}, read once: its {@link ThreadsFormat} and, for {@code debug=2},
 * how much of each creation stack it prints ({@code createdBy=app}, the default: application frames, the
 * rest counted; or {@code createdBy=full}).
 *
 * <pre>{@code
 * ThreadsQuery.of(ctx.queryParamMap())   // {} -> PPROF, {debug=[2], createdBy=[full]} -> DEBUG2, FULL
 * }</pre>
 *
 * Anything else (another value, another parameter, a repeated one, {@code debug} and {@code format} that
 * disagree such as {@code format=json&debug=1}, or {@code createdBy} without {@code debug=2}) throws
 * {@link BadParameterException} through {@link QueryParams}, in its wording.
 */
record ThreadsQuery(ThreadsFormat format, Debug2Format.CreationStacks creationStacks) {

    /** {@code createdBy=full}: {@code debug=2} prints whole creation stacks, not just the application's frames. */
    static final String CREATED_BY = "createdBy";

    static ThreadsQuery of(Map<String, List<String>> query) {
        QueryParams params = QueryParams.of(query, "debug", "format", CREATED_BY);
        ThreadsFormat format = FormatChoice.of(params, List.of(ThreadsFormat.PPROF, ThreadsFormat.DEBUG1, ThreadsFormat.DEBUG2),
                Map.of("pprof", ThreadsFormat.PPROF, "text", ThreadsFormat.DEBUG1, "json", ThreadsFormat.JSON));
        String createdBy = params.oneOf(CREATED_BY, "app", "full");
        if (createdBy != null && format != ThreadsFormat.DEBUG2) {
            throw new BadParameterException(CREATED_BY, "createdBy applies to debug=2 only");
        }
        return new ThreadsQuery(format, "full".equals(createdBy) ? Debug2Format.CreationStacks.FULL
                : Debug2Format.CreationStacks.APPLICATION);
    }
}
