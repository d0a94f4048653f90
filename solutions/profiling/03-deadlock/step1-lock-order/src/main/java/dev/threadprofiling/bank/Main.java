package dev.threadprofiling.bank;

import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.server.ThreadsAtExit;
import dev.threadprofiling.server.WorkbookServer;
import io.javalin.Javalin;
import java.time.Duration;

/** The bank server: {@code POST /transfer} moves money between two accounts, {@code GET /balance} reads one. */
public final class Main {

    /** Jetty's request threads still alive once the server has stopped: a deadlock keeps its threads. */
    static final ThreadsAtExit HTTP_THREADS = new ThreadsAtExit("http threads",
            name -> name.startsWith(WorkbookServer.HTTP_POOL_NAME + "-"), Duration.ZERO);

    private Main() {
    }

    public static void main(String[] args) {
        // On Ctrl-C: "stopped: 0 http threads alive at exit", or the request threads a deadlock holds.
        WorkbookServer.start(create(ServerOptions.fromCommandLine(WorkbookServer.moduleName(), args)), HTTP_THREADS);
    }

    public static Javalin create(ServerOptions options) {
        TransferHandler handler = new TransferHandler(new Bank());
        return Javalin.create(config -> {
            WorkbookServer.configure(config, options);
            config.routes.post("/transfer", handler::transfer);
            config.routes.get("/balance", handler::balance);
        });
    }
}
