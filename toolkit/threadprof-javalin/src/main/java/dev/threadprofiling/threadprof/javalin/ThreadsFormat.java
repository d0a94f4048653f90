package dev.threadprofiling.threadprof.javalin;

/**
 * The formats of {@code GET /debug/threads}; {@link ThreadsQuery} reads which one a request asks for.
 *
 * <table>
 *   <caption>query → format</caption>
 *   <tr><td>none, {@code debug=0}, {@code format=pprof}</td><td>{@link #PPROF}</td></tr>
 *   <tr><td>{@code debug=1}, {@code format=text}</td><td>{@link #DEBUG1}</td></tr>
 *   <tr><td>{@code debug=2}, {@code format=text&debug=2}</td><td>{@link #DEBUG2}</td></tr>
 *   <tr><td>{@code format=json}</td><td>{@link #JSON}</td></tr>
 * </table>
 */
public enum ThreadsFormat {
    /** Gzipped pprof protobuf ({@code debug=0}). */
    PPROF,
    /** Grouped text ({@code debug=1}). */
    DEBUG1,
    /** Every thread as text ({@code debug=2}). */
    DEBUG2,
    /** The threadprof/v2 JSON document. */
    JSON
}
