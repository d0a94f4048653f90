package dev.threadprofiling.threadprof.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.web.ErrorJson;
import dev.threadprofiling.threadprof.web.ProfileView;
import dev.threadprofiling.threadprof.web.WebAssets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code threadprof web SOURCE}: the web view on 127.0.0.1, with the paths of a workbook server
 * ({@code /debug/threads/ui}, {@code /debug/threads?format=json}, {@code /debug/threads/summary},
 * {@code /debug/block?format=json}, {@code /debug/mutex?format=json}, {@code /debug/pinned?format=json}).
 *
 * <ul>
 *   <li>A workbook server's URL (its root, or one of its profiles: {@code /debug/threads},
 *       {@code /debug/block}, {@code /debug/mutex}, {@code /debug/pinned}): every profile of
 *       {@link WebAssets#PROFILES}, fetched from the server on every request, with
 *       the page's {@code seconds=N} passed on; the page opens on the profile the URL names.</li>
 *   <li>A file or standard input: the one profile it holds (threads, block, mutex or pinned), read once.</li>
 *   <li>Any other URL: the one profile it answers, fetched again on every request.</li>
 * </ul>
 *
 * <pre>{@code
 * try (WebView view = WebView.start("block.json", 0)) {
 *     view.url();   // http://127.0.0.1:41365/debug/threads/ui?profile=block
 * }
 * }</pre>
 */
public final class WebView implements AutoCloseable {

    static final String PROFILE_PATH = "/debug/threads";
    private static final String UI_PATH = PROFILE_PATH + WebAssets.UI_SUFFIX;
    private static final String DEBUG = "/debug/";
    /**
     * The path of a workbook server's URL: its root, or a profile under its root
     * ({@code http://host:6060/debug/block}): group 1 is the root's path, group 2 the profile.
     */
    private static final Pattern SERVER_PATH =
            Pattern.compile("^(|/|(.*)/debug/(" + String.join("|", WebAssets.PROFILES) + ")/?)$");
    private static final String JSON = "application/json";

    /** One profile the view serves: its JSON for the page's {@code seconds} ({@code null} for cumulative). */
    private interface Served {
        Answer get(String seconds);
    }

    private record Answer(int status, String contentType, byte[] body) {

        static Answer json(byte[] body) {
            return new Answer(200, JSON, body);
        }

        /** An error in the workbook servers' shape ({@link ErrorJson}): the page reads one kind of error. */
        static Answer error(int status, String message) {
            return new Answer(status, JSON, ErrorJson.body(message, null).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String source;
    private final Map<String, Served> profiles;
    private final Supplier<String> summaries;
    private final String pageQuery;

    private WebView(HttpServer server, ExecutorService executor, String source, Map<String, Served> profiles,
            Supplier<String> summaries, String pageQuery) {
        this.server = server;
        this.executor = executor;
        this.source = source;
        this.profiles = profiles;
        this.summaries = summaries;
        this.pageQuery = pageQuery;
    }

    /** Serves {@code source} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static WebView start(String source, int port) throws IOException {
        Map<String, Served> profiles = new LinkedHashMap<>();
        Supplier<String> summaries = null;
        String pageQuery = "";
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        URI uri = url ? ProfileSources.jsonUrl(source) : null; // refuses what is not a URL
        Matcher server = url ? SERVER_PATH.matcher(Objects.toString(URI.create(source).getRawPath(), "")) : null;
        if (server != null && server.matches()) {
            String root = uri.getScheme() + "://" + uri.getRawAuthority() + (server.group(2) == null ? "" : server.group(2));
            Supplier<ThreadProfile> threads = () -> ProfileSources.load(root + PROFILE_PATH);
            profiles.put("threads", seconds -> Answer.json(JsonFormat.writeBytes(threads.get())));
            for (ContentionKind kind : ContentionKind.values()) {
                profiles.put(kind.pathName(), seconds -> upstream(root + DEBUG + kind.pathName(), seconds));
            }
            summaries = upstreamSummary(root, threads);
            String named = server.group(3) == null ? "threads" : server.group(3);
            String seconds = queryValue(URI.create(source).getRawQuery(), "seconds");
            pageQuery = named.equals("threads") ? "" : "?profile=" + named + (seconds == null ? "" : "&seconds=" + seconds);
        } else {
            boolean fetchedEachTime = url;
            LoadedProfile first = ProfileSources.loadAny(source);
            Supplier<LoadedProfile> loaded = fetchedEachTime ? () -> ProfileSources.loadAny(source) : () -> first;
            String name = first.name();
            profiles.put(name, seconds -> seconds != null
                    ? Answer.error(400, "threadprof web: " + source + " is one saved window of the " + name
                            + " profile; seconds=" + seconds + " asks a server for a new one (give threadprof web the "
                            + "server's URL)")
                    : Answer.json(json(loaded.get())));
            if (first.threads() != null) {
                summaries = fetchedEachTime ? () -> summaryOf(loaded.get().threads(), Instant.now())
                        : () -> summaryOf(first.threads(), first.threads().capturedAt());
            }
            pageQuery = name.equals("threads") ? "" : "?profile=" + name;
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, named("threadprof-web-"));
        WebView view = new WebView(http, executor, source, profiles, summaries, pageQuery);
        http.createContext("/", view::handle);
        http.setExecutor(executor);
        http.start();
        return view;
    }

    /** {@code http://127.0.0.1:PORT/debug/threads/ui}, with {@code ?profile=block} when the source is a block profile. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + UI_PATH + pageQuery;
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
            String profile = path.startsWith(DEBUG) ? path.substring(DEBUG.length()) : null;
            if ("POST".equals(exchange.getRequestMethod()) && path.equals(PROFILE_PATH + ProfileView.VIEW_SUFFIX)) {
                ProfileView.Answer view;
                try (var body = exchange.getRequestBody()) {
                    view = ProfileView.answer(body.readAllBytes(), queryValue(query, "file"));
                }
                send(exchange, new Answer(view.status(), JSON, view.body()));
            } else if ("GET".equals(exchange.getRequestMethod()) && path.equals(PROFILE_PATH + ProfileView.VIEW_SUFFIX)
                    && profiles.containsKey("threads")) {
                Answer threads = profiles.get("threads").get(null);
                ProfileView.Answer view = threads.status() != 200 ? null : ProfileView.answer(
                        ("{\"profile\":" + new String(threads.body(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8), null);
                send(exchange, view == null ? threads : new Answer(view.status(), JSON, view.body()));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, Answer.error(405, "only GET (and POST " + PROFILE_PATH + ProfileView.VIEW_SUFFIX + ")"));
            } else if (path.equals("/") || path.equals(UI_PATH) || path.equals(UI_PATH + "/")) {
                Map<String, String> paths = new LinkedHashMap<>();
                profiles.keySet().forEach(name -> paths.put(name, DEBUG + name));
                send(exchange, new Answer(200, "text/html; charset=utf-8",
                        WebAssets.page(PROFILE_PATH, paths).getBytes(StandardCharsets.UTF_8)));
            } else if (path.startsWith(UI_PATH + "/")) {
                Optional<WebAssets.Asset> asset = WebAssets.asset(path.substring((UI_PATH + "/").length()));
                send(exchange, asset.map(a -> new Answer(200, a.contentType(), a.bytes()))
                        .orElseGet(() -> Answer.error(404, "no such file: " + path)));
            } else if (WebAssets.PROFILES.contains(profile) && "json".equals(queryValue(query, "format"))) {
                Served served = profiles.get(profile);
                send(exchange, served != null ? served.get(queryValue(query, "seconds"))
                        : Answer.error(404, "threadprof web: no " + profile + " profile here: " + source + " holds the "
                                + String.join(" and ", profiles.keySet()) + " profile only (give threadprof web a "
                                + "server's URL to switch between threads, block, mutex and pinned)"));
            } else if (path.equals(PROFILE_PATH + WebAssets.SUMMARY_SUFFIX) && summaries != null) {
                send(exchange, new Answer(200, JSON, summaries.get().getBytes(StandardCharsets.UTF_8)));
            } else {
                send(exchange, Answer.error(404, "no such page: " + path + " (try " + UI_PATH + ")"));
            }
        } catch (RuntimeException e) {
            send(exchange, Answer.error(502, "threadprof web: " + e.getMessage()));
        }
    }

    private static byte[] json(LoadedProfile profile) {
        return profile.threads() != null ? JsonFormat.writeBytes(profile.threads())
                : ContentionJson.writeBytes(profile.contention());
    }

    /**
     * The server's own answer to {@code /debug/block?format=json&seconds=N}, its status and body as they
     * are: a refused {@code seconds} comes back as the server's 400 with its message.
     */
    private static Answer upstream(String profileUrl, String seconds) {
        String url = profileUrl + "?format=json"
                + (seconds == null ? "" : "&seconds=" + URLEncoder.encode(seconds, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = ProfileSources.send(URI.create(url),
                ProfileSources.TIMEOUT.plusSeconds(windowSeconds(seconds)));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(JSON),
                response.body());
    }

    /** The window's length when {@code seconds} is a number the server may take, else 0 (it answers at once). */
    private static long windowSeconds(String seconds) {
        if (seconds == null || !seconds.matches("\\d{1,4}")) {
            return 0;
        }
        return Long.parseLong(seconds);
    }

    /** The value of {@code name} in a raw query, decoded; {@code null} when absent. */
    private static String queryValue(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The server's own {@code /debug/threads/summary} when it has one, else the total of a full profile. */
    private static Supplier<String> upstreamSummary(String root, Supplier<ThreadProfile> profiles) {
        URI summaryUrl = URI.create(root + PROFILE_PATH + WebAssets.SUMMARY_SUFFIX);
        return () -> {
            try {
                String body = new String(ProfileSources.get(summaryUrl), StandardCharsets.UTF_8);
                return body.strip().startsWith("{") ? body : summaryOf(profiles.get(), Instant.now());
            } catch (RuntimeException e) {
                return summaryOf(profiles.get(), Instant.now());
            }
        };
    }

    private static String summaryOf(ThreadProfile profile, Instant time) {
        return WebAssets.summary(profile.total(), time);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
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
