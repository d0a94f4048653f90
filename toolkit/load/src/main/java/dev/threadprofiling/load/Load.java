package dev.threadprofiling.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workbook's load client: {@code GET URL} from N connections at once, each sending its next
 * request as soon as the previous one is answered, bounded in time and in count, to loopback only.
 * One JVM sends every request, so the figures are the server's and not the cost of starting a
 * process per request ({@code seq | xargs curl}). Only the JDK is needed; the learner runs it as a
 * source file:
 *
 * <pre>
 * scripts/load.sh --connections 32 --seconds 5 http://localhost:6060/order
 * java toolkit/load/src/main/java/dev/threadprofiling/load/Load.java --help
 * </pre>
 */
public final class Load {

    static final String NAME = "load.sh";
    static final int MAX_SECONDS = 300;
    static final int MAX_CONNECTIONS = 256;

    /** What to send: the URL, how many connections, for how long (after a warm-up not counted), at most how many. */
    public record Options(URI url, int connections, int seconds, int warmupSeconds, long maxRequests) {
    }

    /** One run: the answers by status, failures, the time taken and every answered request's latency. */
    public record Result(Map<Integer, Long> statuses, long failures, double seconds, long[] latenciesNanos) {

        public long answered() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        public double perSecond() {
            return answered() / seconds;
        }

        public double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(latenciesNanos.length * p) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        /** {@code 200: 1043   208.6 req/s   p50 150.2 ms   p99 399.0 ms} (and the failures, when any). */
        public String summary() {
            StringBuilder line = new StringBuilder();
            statuses.forEach((status, count) -> line.append(status).append(": ").append(count).append("   "));
            if (failures > 0) {
                line.append("no answer: ").append(failures).append("   ");
            }
            return line.append(String.format(Locale.ROOT, "%.1f req/s   p50 %.1f ms   p99 %.1f ms", perSecond(),
                    percentileMillis(0.50), percentileMillis(0.99))).toString();
        }
    }

    /** Bad input or no server: the message to print, and the exit status. */
    static final class Failure extends Exception {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private Load() {
    }

    public static void main(String[] args) {
        try {
            Options options = parse(args);
            if (options == null) {
                usage(System.out);
                return;
            }
            System.out.printf(Locale.ROOT, "GET %s from %d connections for %d s (after %d s of warm-up)%n",
                    options.url(), options.connections(), options.seconds(), options.warmupSeconds());
            Result result = run(options);
            System.out.println(result.summary());
            if (result.failures() > 0) {
                System.exit(1);
            }
        } catch (Failure failure) {
            System.err.println(NAME + ": " + failure.getMessage());
            System.exit(failure.status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    static void usage(PrintStream out) {
        out.println("Usage: " + NAME + " [--connections N] [--seconds S] [--warmup S] [--requests N] URL");
        out.println();
        out.println("Sends GET URL from N connections at once (default 32, at most " + MAX_CONNECTIONS + "), each its");
        out.println("next request as soon as the previous one is answered, for S seconds (default 5, at most "
                + MAX_SECONDS + ")");
        out.println("after a warm-up that is not counted (default 1 s), or until N requests in all (default");
        out.println("1000000). Then prints the answers by status, requests per second, p50 and p99 latency.");
        out.println("Loopback URLs only. Needs only a JDK 17 or later.");
        out.println("Exit 0 when every request was answered, 1 when some were not (or no server answers), 2 on");
        out.println("bad arguments.");
        out.println();
        out.println("Example: " + NAME + " --connections 32 --seconds 5 http://localhost:6060/order");
    }

    /** The options, or {@code null} for {@code --help}. */
    static Options parse(String[] args) throws Failure {
        int connections = 32;
        int seconds = 5;
        int warmup = 1;
        long requests = 1_000_000;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "-c", "--connections" -> connections = (int) number(arg, value(args, ++i, arg), 1, MAX_CONNECTIONS);
                case "-d", "--seconds" -> seconds = (int) number(arg, value(args, ++i, arg), 1, MAX_SECONDS);
                case "--warmup" -> warmup = (int) number(arg, value(args, ++i, arg), 0, 60);
                case "-n", "--requests" -> requests = number(arg, value(args, ++i, arg), 1, 100_000_000);
                default -> {
                    if (arg.startsWith("-") || url != null) {
                        throw new Failure(2, (arg.startsWith("-") ? "unknown option: " : "one URL only, got also: ") + arg
                                + "\nTry '" + NAME + " --help'.");
                    }
                    url = arg;
                }
            }
        }
        if (url == null) {
            throw new Failure(2, "which URL? e.g. http://localhost:6060/order\nTry '" + NAME + " --help'.");
        }
        return new Options(loopback(url), connections, seconds, warmup, requests);
    }

    private static String value(String[] args, int i, String option) throws Failure {
        if (i >= args.length) {
            throw new Failure(2, option + " needs a value");
        }
        return args[i];
    }

    private static long number(String option, String text, long min, long max) throws Failure {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // the message below
        }
        throw new Failure(2, option + " needs a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    static URI loopback(String url) throws Failure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Failure(2, "not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Failure(2, "an http:// URL with a host, please, got " + url);
        }
        try {
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new Failure(2, "load goes to loopback addresses only (localhost, 127.0.0.1), not " + uri.getHost());
            }
        } catch (UnknownHostException e) {
            throw new Failure(2, "unknown host: " + uri.getHost());
        }
        return uri;
    }

    /** Sends the load: a warm-up first (its answers are not counted), then the measured run. */
    public static Result run(Options options) throws Failure, InterruptedException {
        try (Exchange first = new Exchange(options.url())) {
            first.send();
        } catch (ConnectException refused) {
            throw new Failure(1, "no server answers at " + options.url() + " (start one first, or check the port)");
        } catch (IOException other) {
            throw new Failure(1, "no answer from " + options.url() + ": " + other.getMessage());
        }
        if (options.warmupSeconds() > 0) {
            send(options, options.warmupSeconds());
        }
        return send(options, options.seconds());
    }

    private static Result send(Options options, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong left = new AtomicLong(options.maxRequests());
        List<Connection> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 1; c <= options.connections(); c++) {
            Connection client = new Connection(options.url(), deadline, left);
            client.thread = new Thread(client, "load-connection-" + c);
            client.thread.setDaemon(true);
            clients.add(client);
            client.thread.start();
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        long failures = 0;
        List<long[]> latencies = new ArrayList<>();
        for (Connection client : clients) {
            client.thread.join();
            client.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
            failures += client.failures;
            latencies.add(Arrays.copyOf(client.latencies, client.count));
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(statuses, failures, elapsed, all);
    }

    /** One connection's loop: the next request once the previous one is answered, until the deadline or the count. */
    private static final class Connection implements Runnable {
        final URI url;
        final long deadline;
        final AtomicLong left;
        final Map<Integer, Long> statuses = new TreeMap<>();
        long failures;
        long[] latencies = new long[1024];
        int count;
        Thread thread;

        Connection(URI url, long deadline, AtomicLong left) {
            this.url = url;
            this.deadline = deadline;
            this.left = left;
        }

        @Override
        public void run() {
            Exchange exchange = new Exchange(url);
            try {
                while (System.nanoTime() < deadline && left.getAndDecrement() > 0) {
                    long start = System.nanoTime();
                    try {
                        statuses.merge(exchange.send(), 1L, Long::sum);
                    } catch (IOException e) {
                        failures++;
                        exchange.close();
                        continue;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = System.nanoTime() - start;
                }
            } finally {
                exchange.close();
            }
        }
    }

    /**
     * One HTTP/1.1 connection kept alive: a plain socket, which costs the client far less CPU than
     * an HTTP library would (the client shares the machine with the server it measures).
     */
    static final class Exchange implements AutoCloseable {
        private static final int TIMEOUT_MS = 30_000;
        private final URI url;
        private final byte[] request;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Exchange(URI url) {
            this.url = url;
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
            this.request = ("GET " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port(url)
                    + "\r\nUser-Agent: workbook-load\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        private static int port(URI url) {
            return url.getPort() == -1 ? 80 : url.getPort();
        }

        /** Sends the request and reads the whole answer; its status. */
        int send() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(url.getHost(), port(url)), 5_000);
                socket.setSoTimeout(TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = parts[0].equals("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = chunk(); size > 0; size = chunk()) {
                    in.skipNBytes(size);
                    line();
                }
                while (!line().isEmpty()) { // trailers
                }
            } else if (length >= 0) {
                in.skipNBytes(length);
            } else {
                close = true; // the body ends with the connection
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (close) {
                close();
            }
            return status;
        }

        private long chunk() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new EOFException("the server closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }
}
