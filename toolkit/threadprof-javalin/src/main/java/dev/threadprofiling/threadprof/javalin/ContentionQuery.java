package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.model.ContentionKind;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /debug/block}, {@code /debug/mutex} or {@code /debug/pinned}, read once: its
 * {@link ContentionFormat} and the window ({@code seconds=N}, 1 to {@value #MAX_SECONDS}; 0 for
 * cumulative). Anything else throws {@link BadParameterException}.
 *
 * <pre>{@code
 * ContentionQuery.of(ctx.queryParamMap(), ContentionKind.BLOCK)   // {format=[json], seconds=[5]} -> JSON, 5
 * }</pre>
 */
record ContentionQuery(ContentionFormat format, int seconds) {

    static final int MAX_SECONDS = 300;

    static ContentionQuery of(Map<String, List<String>> query, ContentionKind kind) {
        QueryParams params = QueryParams.of(query, "debug", "format", "seconds");
        int seconds = params.intValue("seconds", 0, 1, MAX_SECONDS);
        if ("2".equals(params.value("debug"))) {
            throw new BadParameterException("debug", "debug must be 0 or 1 on /debug/" + kind.pathName()
                    + " (debug=2 lists threads: /debug/threads?debug=2)");
        }
        ContentionFormat format = FormatChoice.of(params, List.of(ContentionFormat.PPROF, ContentionFormat.DEBUG1),
                Map.of("pprof", ContentionFormat.PPROF, "text", ContentionFormat.DEBUG1, "json", ContentionFormat.JSON));
        return new ContentionQuery(format, seconds);
    }
}
