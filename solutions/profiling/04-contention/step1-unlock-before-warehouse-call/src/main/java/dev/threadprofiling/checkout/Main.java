package dev.threadprofiling.checkout;

import dev.threadprofiling.server.ServerOptions;
import dev.threadprofiling.server.ThreadsAtExit;
import dev.threadprofiling.server.WorkbookServer;
import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import io.javalin.Javalin;

/** The checkout server: {@code GET /order} prices, reserves and audits one order. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // On Ctrl-C: "stopped: 0 audit-writer threads alive at exit" once the writer has ended.
        WorkbookServer.start(create(ServerOptions.fromCommandLine(WorkbookServer.moduleName(), args)),
                ThreadsAtExit.named("audit-writer"));
    }

    public static Javalin create(ServerOptions options) {
        // Go's runtime.SetBlockProfileRate: record every wait of 10 ms or more (-Dthreadprof.contention.threshold).
        ContentionRecorder.enable();
        AuditLog audit = new AuditLog();
        OrderHandler handler = new OrderHandler(new PriceList(), new Inventory(new Warehouse()), audit);
        return Javalin.create(config -> {
            WorkbookServer.configure(config, options);
            config.routes.get("/order", handler::handle);
            config.events.serverStopped(audit::close);
        });
    }
}
