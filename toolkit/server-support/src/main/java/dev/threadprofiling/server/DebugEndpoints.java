package dev.threadprofiling.server;

import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import io.javalin.config.JavalinConfig;

/** Mounts threadprof's {@code /debug/threads} and {@code /metrics}. */
final class DebugEndpoints {

    private DebugEndpoints() {
    }

    static void register(JavalinConfig config, ServerOptions options) {
        config.registerPlugin(new ThreadDebugPlugin(debug -> debug.allowRemote = options.allowRemoteDebug()));
    }
}
