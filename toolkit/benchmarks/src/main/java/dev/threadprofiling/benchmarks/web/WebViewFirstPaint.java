package dev.threadprofiling.benchmarks.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadprofiling.threadprof.javalin.ThreadDebugPlugin;
import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.testing.WebDriver;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web view's first paint on a server with N parked threads, in headless Chromium: ms from navigation
 * start to the thread profile drawn (the server's capture and JSON, the fetch, and what follows: the page's
 * parse and draw, and since the page draws what Java answers, the view's round trip), then, of that load,
 * the fetch and the rest. Or the page of a running server, given its URL. Run by hand, never by the build:
 *
 * <pre>
 * ./mvnw -q -pl toolkit/benchmarks -am package -DskipTests
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.web.WebViewFirstPaint 10000 5
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.web.WebViewFirstPaint \
 *     http://127.0.0.1:6060/debug/threads/ui 3
 * </pre>
 */
public final class WebViewFirstPaint {

    private WebViewFirstPaint() {
    }

    public static void main(String[] args) throws Exception {
        boolean usage = args.length > 2 || (args.length > 0 && !args[0].matches("\\d{1,6}|https?://.+"))
                || (args.length > 1 && !args[1].matches("\\d{1,3}"));
        if (usage) {
            System.err.println("usage: WebViewFirstPaint [THREADS (default 10000) | PAGE_URL] [ROUNDS (default 5)]\n"
                    + "  THREADS: a server of this JVM with THREADS parked threads; PAGE_URL: the page of a running server");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!WebDriver.installed()) {
            System.err.println("tool missing: chromium (apt-get install chromium chromium-driver)");
            System.exit(2);
        }
        if (args.length > 0 && args[0].startsWith("http")) {
            measure(args[0], rounds);
            return;
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Javalin app = Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin())).start("127.0.0.1", 0);
        try (ParkedThreads parked = ParkedThreads.start(threads, "parked-")) {
            String root = "http://127.0.0.1:" + app.port();
            // Once, so that no load includes the one JFR flush that reports the new threads' starts.
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "/debug/threads?format=json")).build(),
                    HttpResponse.BodyHandlers.discarding());
            measure(root + "/debug/threads/ui", rounds);
        } finally {
            app.stop();
        }
    }

    private static void measure(String page, int rounds) throws Exception {
        List<Double> paints = new ArrayList<>();
        List<Double> draws = new ArrayList<>();
        try (WebDriver browser = WebDriver.start()) {
            for (int round = 1; round <= rounds; round++) {
                browser.open(page);
                browser.await("return document.body.getAttribute('data-loaded') !== null", JsonNode::asBoolean,
                        "the page draws the profile");
                double paint = browser.script("return window.threadprof.firstPaintMillis").asDouble();
                JsonNode load = browser.script("return window.threadprof.lastLoad");
                int total = browser.script("return window.threadprof.profile.total").asInt();
                paints.add(paint);
                draws.add(load.get("drawMillis").asDouble());
                System.out.printf(Locale.ROOT, "round %d at %d threads: first paint %.0f ms (fetch %.0f ms, then %.0f ms)%n",
                        round, total, paint, load.get("fetchMillis").asDouble(), load.get("drawMillis").asDouble());
            }
        }
        System.out.printf(Locale.ROOT, "median of %d: first paint %.0f ms, after the fetch %.0f ms%n", rounds,
                median(paints), median(draws));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
