package dev.threadprofiling.threadprof.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.web.WebAssets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code threadprof web SOURCE}: the web view on 127.0.0.1, with the paths of a workbook server
 * ({@code /debug/threads/ui}, {@code /debug/threads?format=json}, {@code /debug/threads/summary}).
 * A file is read once; a URL is fetched again on every request, so the chart follows the server.
 */
final class WebView implements AutoCloseable {

    static final String PROFILE_PATH = "/debug/threads";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<ThreadProfile> profiles;
    private final Supplier<String> summaries;

    private WebView(HttpServer server, ExecutorService executor, Supplier<ThreadProfile> profiles, Supplier<String> summaries) {
        this.server = server;
        this.executor = executor;
        this.profiles = profiles;
        this.summaries = summaries;
    }

    /** Serves {@code source} on 127.0.0.1:{@code port} (0 picks a free port). */
    static WebView start(String source, int port) throws IOException {
        Supplier<ThreadProfile> profiles;
        Supplier<String> summaries;
        if (source.startsWith("http://") || source.startsWith("https://")) {
            profiles = () -> ProfileSources.load(source);
            summaries = upstreamSummary(source, profiles);
        } else {
            ThreadProfile profile = ProfileSources.load(source);
            profiles = () -> profile;
            summaries = () -> WebAssets.summary(profile.total(), profile.capturedAt());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, named("threadprof-web-"));
        WebView view = new WebView(server, executor, profiles, summaries);
        server.createContext("/", view::handle);
        server.setExecutor(executor);
        server.start();
        return view;
    }

    /** {@code http://127.0.0.1:PORT/debug/threads/ui}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PROFILE_PATH + WebAssets.UI_SUFFIX;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
            } else if (path.equals("/") || path.equals(PROFILE_PATH + WebAssets.UI_SUFFIX)
                    || path.equals(PROFILE_PATH + WebAssets.UI_SUFFIX + "/")) {
                send(exchange, 200, "text/html; charset=utf-8", WebAssets.page(PROFILE_PATH));
            } else if (path.startsWith(PROFILE_PATH + WebAssets.UI_SUFFIX + "/")) {
                String name = path.substring((PROFILE_PATH + WebAssets.UI_SUFFIX + "/").length());
                Optional<WebAssets.Asset> asset = WebAssets.asset(name);
                if (asset.isPresent()) {
                    send(exchange, 200, asset.get().contentType(), asset.get().bytes());
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", "no such file: " + path + "\n");
                }
            } else if (path.equals(PROFILE_PATH) && "format=json".equals(query)) {
                send(exchange, 200, "application/json", JsonFormat.writeBytes(profiles.get()));
            } else if (path.equals(PROFILE_PATH + WebAssets.SUMMARY_SUFFIX)) {
                send(exchange, 200, "application/json", summaries.get());
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "no such page: " + path
                        + " (try " + PROFILE_PATH + WebAssets.UI_SUFFIX + ")\n");
            }
        } catch (RuntimeException e) {
            send(exchange, 502, "text/plain; charset=utf-8", "threadprof web: " + e.getMessage() + "\n");
        }
    }

    /** The server's own {@code /debug/threads/summary} when it has one, else the total of a full profile. */
    private static Supplier<String> upstreamSummary(String source, Supplier<ThreadProfile> profiles) {
        URI json = ProfileSources.jsonUrl(source);
        String text = json.toString();
        if (!text.endsWith(PROFILE_PATH + "?format=json")) {
            return () -> summaryOf(profiles.get());
        }
        String summaryUrl = text.substring(0, text.length() - "?format=json".length()) + WebAssets.SUMMARY_SUFFIX;
        return () -> {
            try {
                String body = new String(ProfileSources.get(URI.create(summaryUrl)), StandardCharsets.UTF_8);
                return body.strip().startsWith("{") ? body : summaryOf(profiles.get());
            } catch (RuntimeException e) {
                return summaryOf(profiles.get());
            }
        };
    }

    private static String summaryOf(ThreadProfile profile) {
        return WebAssets.summary(profile.total(), Instant.now());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
