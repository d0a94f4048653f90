package dev.threadprofiling.server;

import dev.threadprofiling.threadprof.javalin.HttpErrors;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Everything a workbook server needs that the leak lesson does not: a fixed, named Jetty pool, the
 * debug endpoints and metrics, JSON errors, a thread cap, and a clean stop.
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> {
 *     WorkbookServer.configure(config, options);
 *     config.routes.get("/process", handler::handle);
 * });
 * WorkbookServer.start(app);                                       // reports chapter 3's request threads at exit
 * WorkbookServer.start(app, ThreadsAtExit.named("audit-writer"));  // or the threads of its own a server names
 * }</pre>
 */
public final class WorkbookServer {

    /** Jetty's request threads. min == max, so an idle server always has the same thread total. */
    public static final int HTTP_THREADS = 16;
    public static final String HTTP_POOL_NAME = "http";
    /** How long a stop waits for in-flight requests. */
    public static final long STOP_TIMEOUT_MS = 5_000;

    private WorkbookServer() {
    }

    public static void configure(JavalinConfig config, ServerOptions options) {
        config.startup.showJavalinBanner = false;
        config.startup.startupWatcherEnabled = false;
        config.http.prefer405over404 = true;
        config.jetty.host = options.host();
        config.jetty.port = options.port();
        QueuedThreadPool pool = new QueuedThreadPool(HTTP_THREADS, HTTP_THREADS, 60_000);
        pool.setName(HTTP_POOL_NAME);
        config.jetty.threadPool = pool;
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(STOP_TIMEOUT_MS);
            server.insertHandler(new GracefulHandler());
            server.setErrorHandler(HttpErrors.jettyErrorHandler());
        });

        // /debug/threads, /metrics, and the 400 of a BadParameterException from QueryParams
        config.registerPlugin(new ThreadDebugPlugin(debug -> debug.allowRemote = options.allowRemoteDebug()));
        config.routes.before("/process", new ThreadCap(options.maxThreads()));
        JavalinState state = config.unsafe;
        config.routes.error(HttpStatus.NOT_FOUND.getCode(), "*", ctx ->
                HttpErrors.send(ctx, HttpStatus.NOT_FOUND, notFound(ctx.method() + " " + ctx.path(),
                        state.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                                .filter(endpoint -> endpoint.method == HandlerType.GET)
                                .map(endpoint -> endpoint.path).collect(Collectors.toList())), null));
        config.routes.error(HttpStatus.METHOD_NOT_ALLOWED.getCode(), "*", ctx ->
                HttpErrors.send(ctx, HttpStatus.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path(), null));
    }

    /**
     * {@link #start(Javalin, ThreadsAtExit)} for chapter 3's servers, whose stop reports the request
     * threads ({@link RequestThreads#AT_EXIT}): {@code stopped: 0 worker/producer threads alive at exit}.
     */
    public static Javalin start(Javalin app) {
        return start(app, RequestThreads.AT_EXIT);
    }

    /**
     * Starts the server, prestarts Jetty's scheduler (so the idle total does not change on the
     * first request), prints where it listens, and on Ctrl-C or SIGTERM stops it gracefully, prints
     * how many of {@code threads} are still alive, and exits 0.
     */
    public static Javalin start(Javalin app, ThreadsAtExit threads) {
        String host = app.unsafe.jetty.host;
        int port = app.unsafe.jetty.port;
        portInUse(host, port).ifPresent(WorkbookServer::exitWith);
        try {
            app.start();
        } catch (JavalinBindException raced) { // taken between the check and the bind
            exitWith(portInUseMessage(port));
        }
        app.jettyServer().server().getScheduler().schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
        GracefulShutdown.install(app, threads);
        // One println, one write: printf would write the line piece by piece.
        System.out.println(String.format("%s listening on http://%s:%d (pid %d)", moduleName(),
                app.jettyServer().server().getURI().getHost(), app.port(), ProcessHandle.current().pid()));
        System.out.flush();
        return app;
    }

    /**
     * The 404's message: the path asked for, then the server's own GET endpoints to try (those
     * that are not {@code /debug/*} or {@code /metrics}), and the thread profile.
     */
    static String notFound(String request, List<String> getPaths) {
        List<String> tries = new ArrayList<>();
        for (String path : getPaths) {
            if (!path.startsWith("/debug") && !path.startsWith("/metrics")) {
                tries.add("GET " + path);
            }
        }
        tries.add("GET /debug/threads?debug=1");
        return "no such endpoint: " + request + "; try " + String.join(" or ", tries);
    }

    /** The one line a server prints when its port is taken, if it is ({@code port} 0 is never taken). */
    static Optional<String> portInUse(String host, int port) {
        if (port == 0) {
            return Optional.empty();
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (BindException taken) {
            return Optional.of(portInUseMessage(port));
        } catch (IOException other) {
            return Optional.empty(); // let Jetty report it
        }
    }

    private static String portInUseMessage(int port) {
        int other = port == 65535 ? port - 1 : port + 1;
        return moduleName() + ": port " + port + " is in use (another server still running?); stop that one,"
                + " or pick another port: PORT=" + other + " or --port " + other;
    }

    private static void exitWith(String message) {
        System.err.println(message);
        System.exit(1);
    }

    /** The module's artifact id, e.g. {@code exercise-03-threads}, from its {@code workbook.properties}. */
    public static String moduleName() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("workbook.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("workbook.module", "workbook-server");
    }
}
