package dev.threadprofiling.virtualpool;

import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.server.WorkbookServer;
import io.javalin.Javalin;

/**
 * The worker-pool server on virtual threads (Java 21+): {@code GET /process} runs one batch of tasks
 * through a per-request pool of virtual threads.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        WorkbookServer.start(create(ServerOptions.fromCommandLine(WorkbookServer.moduleName(), args)));
    }

    public static Javalin create(ServerOptions options) {
        ProcessHandler handler = new ProcessHandler();
        return Javalin.create(config -> {
            WorkbookServer.configure(config, options);
            config.routes.get("/process", handler::handle);
        });
    }
}
