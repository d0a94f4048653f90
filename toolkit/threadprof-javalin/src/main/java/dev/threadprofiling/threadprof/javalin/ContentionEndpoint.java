package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.format.PprofFormat;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.ContentionText;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /debug/block}, {@code GET /debug/mutex} and {@code GET /debug/pinned}: the contention
 * profiles of the JVM-wide {@link ContentionRecorder}, the first two as net/http/pprof serves Go's.
 *
 * <table>
 *   <caption>query → answer</caption>
 *   <tr><td>none, {@code debug=0}, {@code format=pprof}</td><td>gzipped pprof, sample types
 *       {@code contentions/count} ({@code pinnings/count} for {@code /debug/pinned}) and
 *       {@code delay/nanoseconds}</td></tr>
 *   <tr><td>{@code debug=1}, {@code format=text}</td><td>text, largest delay first</td></tr>
 *   <tr><td>{@code format=json}</td><td>{@code threadprof-contention/v1} JSON</td></tr>
 *   <tr><td>{@code seconds=N} (1 to {@value ContentionQuery#MAX_SECONDS})</td><td>only the waits that end in the next N
 *       seconds; without it, every wait since recording began</td></tr>
 * </table>
 * Anything else throws {@link BadParameterException} ({@link ContentionQuery} reads the query, once). Until the application calls
 * {@link ContentionRecorder#enable}, the profiles are empty and say how to switch them on. On a JVM
 * that cannot record a profile at all ({@code /debug/pinned} before Java 21), it is empty in every
 * format and says why ({@link ContentionRecorder#unavailable}).
 */
final class ContentionEndpoint {

    private ContentionEndpoint() {
    }

    static void serve(Context ctx, ContentionKind kind) throws InterruptedException {
        ContentionQuery query = ContentionQuery.of(ctx.queryParamMap(), kind);
        ContentionProfile profile = profile(kind, query.seconds());
        switch (query.format()) {
            case DEBUG1 -> ctx.contentType(ThreadDebugPlugin.TEXT_CONTENT_TYPE).result(ContentionText.render(profile));
            case JSON -> ctx.contentType(ThreadDebugPlugin.JSON_CONTENT_TYPE).result(ContentionJson.writeBytes(profile));
            case PPROF -> ctx.contentType("application/octet-stream")
                    .header("Content-Disposition", "attachment; filename=\"" + kind.pathName() + ".pb.gz\"")
                    .result(PprofFormat.gzipped(profile.weighted()));
        }
    }

    private static ContentionProfile profile(ContentionKind kind, int seconds) throws InterruptedException {
        var unavailable = ContentionRecorder.unavailable(kind);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        var recorder = ContentionRecorder.enabled();
        if (recorder.isEmpty()) {
            return ContentionProfile.notRecording(kind, Instant.now());
        }
        return seconds == 0 ? recorder.get().cumulative(kind) : recorder.get().delta(kind, Duration.ofSeconds(seconds));
    }
}
