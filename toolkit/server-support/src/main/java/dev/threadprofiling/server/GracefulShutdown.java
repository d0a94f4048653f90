package dev.threadprofiling.server;

import io.javalin.Javalin;
import java.util.List;
import java.util.stream.Collectors;
import sun.misc.Signal;

/**
 * Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish (Jetty's stop timeout), then
 * report which request threads are still alive and exit 0.
 */
final class GracefulShutdown {

    private GracefulShutdown() {
    }

    static void install(Javalin app) {
        Thread stopper = new Thread(() -> stop(app), "graceful-shutdown");
        Signal.handle(new Signal("TERM"), signal -> stopper.start());
        Signal.handle(new Signal("INT"), signal -> stopper.start());
    }

    private static void stop(Javalin app) {
        System.out.println("stopping: no new connections; in-flight requests get up to "
                + WorkbookServer.STOP_TIMEOUT_MS + " ms");
        app.stop();
        List<String> left = RequestThreads.alive();
        System.out.println("stopped: " + left.size() + " worker/producer threads alive at exit"
                + (left.isEmpty() ? "" : " (" + summary(left) + ")"));
        System.out.flush();
        System.exit(0);
    }

    private static String summary(List<String> names) {
        return names.stream().limit(5).collect(Collectors.joining(", "))
                + (names.size() > 5 ? ", … " + (names.size() - 5) + " more" : "");
    }
}
