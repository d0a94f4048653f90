package dev.threadprofiling.server;

import dev.threadprofiling.threadprof.javalin.HttpErrors;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Answers 503 with {@code Retry-After} instead of starting more threads once the JVM has
 * {@code limit} live threads: a leaking server keeps answering and never takes the machine down.
 */
final class ThreadCap implements Handler {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int limit;

    ThreadCap(int limit) {
        this.limit = limit;
    }

    @Override
    public void handle(Context ctx) {
        int live = THREADS.getThreadCount();
        if (live >= limit) {
            ctx.header("Retry-After", "5");
            HttpErrors.send(ctx, HttpStatus.SERVICE_UNAVAILABLE, "refusing new work: " + live
                    + " live threads reached the cap of " + limit + " (--max-threads); the server is leaking"
                    + " threads: see GET /debug/threads?debug=1", null);
            ctx.skipRemainingHandlers();
        }
    }
}
