package dev.threadprofiling.server;

import io.javalin.Javalin;
import sun.misc.Signal;

/**
 * Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish (Jetty's stop timeout), then
 * report which of the server's own threads ({@link ThreadsAtExit}) are still alive and exit 0.
 */
final class GracefulShutdown {

    private GracefulShutdown() {
    }

    static void install(Javalin app, ThreadsAtExit threads) {
        Thread stopper = new Thread(() -> stop(app, threads), "graceful-shutdown");
        Signal.handle(new Signal("TERM"), signal -> stopper.start());
        Signal.handle(new Signal("INT"), signal -> stopper.start());
    }

    private static void stop(Javalin app, ThreadsAtExit threads) {
        System.out.println("stopping: no new connections; in-flight requests get up to "
                + WorkbookServer.STOP_TIMEOUT_MS + " ms");
        try {
            app.stop();
        } catch (RuntimeException e) { // requests that never end (a deadlock) outlast the stop timeout
            System.out.println("stopping: some requests did not end in time (" + e.getMessage() + "); exiting anyway");
        }
        String line;
        try {
            line = threads.stoppedLine(threads.aliveAfterGrace());
        } catch (InterruptedException e) {
            line = threads.stoppedLine(threads.alive());
        }
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }
}
