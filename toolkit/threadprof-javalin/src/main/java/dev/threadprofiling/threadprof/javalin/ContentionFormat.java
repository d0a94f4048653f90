package dev.threadprofiling.threadprof.javalin;

/**
 * The formats of {@code GET /debug/block}, {@code /debug/mutex} and {@code /debug/pinned}
 * ({@link ContentionQuery} reads which one a request asks for): there is no {@code debug=2}, as a
 * contention profile lists waits, not threads.
 */
enum ContentionFormat {
    /** Gzipped pprof protobuf ({@code debug=0}). */
    PPROF,
    /** Waits grouped by stack as text ({@code debug=1}). */
    DEBUG1,
    /** The threadprof-contention/v1 JSON document. */
    JSON
}
