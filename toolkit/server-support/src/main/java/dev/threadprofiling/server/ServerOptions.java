package dev.threadprofiling.server;

import java.io.PrintStream;
import java.util.Map;

/**
 * How a workbook server is started: {@code --host}/{@code HOST}, {@code --port}/{@code PORT},
 * {@code --allow-remote-debug}, {@code --max-threads}. Flags win over environment variables.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.fromCommandLine("exercise", args);   // exits on --help or bad input
 * }</pre>
 *
 * @param host             address to bind; loopback by default
 * @param port             port to bind; 6060 by default, 0 for any free port
 * @param allowRemoteDebug whether {@code /debug/*} answers clients that are not on loopback
 * @param maxThreads       live-thread cap above which {@code /process} answers 503 instead of
 *                         starting more threads, so a leaking server cannot take the machine down
 */
public record ServerOptions(String host, int port, boolean allowRemoteDebug, int maxThreads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 6060;
    public static final int DEFAULT_MAX_THREADS = 8000;

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxThreads < 100) {
            throw new IllegalArgumentException("max-threads must be at least 100, got " + maxThreads);
        }
    }

    /** Loopback, the given port, debug endpoints closed to other hosts. */
    public static ServerOptions onPort(int port) {
        return new ServerOptions(DEFAULT_HOST, port, false, DEFAULT_MAX_THREADS);
    }

    public ServerOptions withMaxThreads(int cap) {
        return new ServerOptions(host, port, allowRemoteDebug, cap);
    }

    /**
     * Parses {@code args} and the environment; prints usage and exits 0 on {@code --help}, prints
     * the problem and exits 2 on bad input.
     */
    public static ServerOptions fromCommandLine(String program, String[] args) {
        try {
            return parse(args, System.getenv());
        } catch (HelpRequested help) {
            printUsage(program, System.out);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            printUsage(program, System.err);
            System.exit(2);
        }
        throw new AssertionError("unreachable");
    }

    static ServerOptions parse(String[] args, Map<String, String> env) {
        String host = env.getOrDefault("HOST", DEFAULT_HOST);
        String portText = env.getOrDefault("PORT", String.valueOf(DEFAULT_PORT));
        String portSource = env.containsKey("PORT") ? "PORT" : "--port";
        boolean allowRemoteDebug = false;
        String maxThreadsText = String.valueOf(DEFAULT_MAX_THREADS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> throw new HelpRequested();
                case "--host" -> host = value != null ? value : next(args, ++i, arg);
                case "--port" -> {
                    portText = value != null ? value : next(args, ++i, arg);
                    portSource = "--port";
                }
                case "--max-threads" -> maxThreadsText = value != null ? value : next(args, ++i, arg);
                case "--allow-remote-debug" -> allowRemoteDebug = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return new ServerOptions(host, integer(portSource, portText), allowRemoteDebug,
                integer("--max-threads", maxThreadsText));
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
        }
    }

    static void printUsage(String program, PrintStream out) {
        out.println("Usage: " + program + " [--host ADDRESS] [--port N] [--allow-remote-debug] [--max-threads N]");
        out.println();
        out.println("  --host ADDRESS        address to bind (env HOST; default " + DEFAULT_HOST + ")");
        out.println("  --port N              port to bind, 0 for any free port (env PORT; default " + DEFAULT_PORT + ")");
        out.println("  --allow-remote-debug  let non-loopback clients read /debug/* (off by default)");
        out.println("  --max-threads N       answer 503 on /process once this many threads are live");
        out.println("                        (default " + DEFAULT_MAX_THREADS + ")");
        out.println();
        out.println("Endpoints: the server's own (chapter 3: GET /process, chapter 4: GET /order),");
        out.println("           GET /debug/threads?debug=1|2, GET /debug/threads (pprof),");
        out.println("           GET /debug/threads?format=json, GET /metrics");
        out.println("A port in use: stop the server that holds it, or pick another with --port N or PORT=N.");
    }

    private static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
