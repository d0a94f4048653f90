package dev.threadprofiling.threadprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.threadprofiling.threadprof.cli.CliTest.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.threadprofiling.threadprof.cli.CliTest.Result;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exact output of top, list, traces and diff on hand-made block, mutex and pinned profiles with known delays. */
@Timeout(60) // it waits on servers and windows
class ContentionCliTest {

    private static final Instant START = Instant.parse("2025-03-01T10:15:00Z");
    private static final StackFrame QUOTE = new StackFrame(null, "dev.shop.PriceList", "quote", "PriceList.java", 6);
    private static final StackFrame HANDLE = new StackFrame(null, "dev.shop.Handler", "handle", "Handler.java", 12);
    private static final StackFrame PARK = new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null,
            StackFrame.NATIVE);
    private static final StackFrame APPEND = new StackFrame(null, "dev.shop.Audit", "append", "Audit.java", 20);

    private static final ContentionSample QUOTE_BEHIND_HTTP_3 = new ContentionSample(List.of(QUOTE, HANDLE),
            ContentionSample.MONITOR_ENTER, "dev.shop.PriceList", "http-3", 2, 30_000_000);
    private static final ContentionSample QUOTE_BEHIND_HTTP_7 = new ContentionSample(List.of(QUOTE, HANDLE),
            ContentionSample.MONITOR_ENTER, "dev.shop.PriceList", "http-7", 1, 12_000_000);
    private static final ContentionSample HAND_OFF = new ContentionSample(List.of(PARK, APPEND, HANDLE),
            ContentionSample.THREAD_PARK, "java.util.concurrent.SynchronousQueue$TransferStack", null, 5, 100_000_000);

    @TempDir
    Path dir;

    private static ContentionProfile profile(ContentionKind kind, List<ContentionSample> samples) {
        return new ContentionProfile(kind, true, Duration.ofMillis(10), START, START.plusSeconds(12), true,
                samples.stream().filter(sample -> sample.belongsTo(kind)).toList());
    }

    /** 8 waits, 142 ms: 3 behind the PriceList monitor (42 ms), 5 handing off to the audit writer (100 ms). */
    private static ContentionProfile block() {
        return profile(ContentionKind.BLOCK, List.of(QUOTE_BEHIND_HTTP_3, QUOTE_BEHIND_HTTP_7, HAND_OFF));
    }

    private Path write(String name, ContentionProfile profile) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, ContentionJson.writeBytes(profile));
        return file;
    }

    @Test
    void topRanksFunctionsByDelay() throws Exception {
        Result result = run("top", write("block.json", block()).toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                Type: delay
                Showing nodes accounting for 142ms, 100% of 142ms total
                      flat  flat%   sum%        cum   cum%
                     100ms 70.42% 70.42%      100ms 70.42%  jdk.internal.misc.Unsafe.park
                      42ms 29.58%   100%       42ms 29.58%  dev.shop.PriceList.quote
                         0     0%   100%      142ms   100%  dev.shop.Handler.handle
                         0     0%   100%      100ms 70.42%  dev.shop.Audit.append
                """, result.out());
    }

    @Test
    void topByContentionsCountsWaits() throws Exception {
        Result result = run("top", "-n", "2", "--sample-index", "contentions", write("block.json", block()).toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                Type: contentions
                Showing nodes accounting for 8, 100% of 8 total
                Showing top 2 nodes out of 4
                      flat  flat%   sum%        cum   cum%
                         5 62.50% 62.50%          5 62.50%  jdk.internal.misc.Unsafe.park
                         3 37.50%   100%          3 37.50%  dev.shop.PriceList.quote
                """, result.out());
        Result wrong = run("top", "--sample-index", "threads", write("b.json", block()).toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().startsWith("threadprof: --sample-index must be one of [contentions, delay], not \"threads\""),
                wrong.err());
    }

    @Test
    void theMutexProfileHoldsOnlyTheMonitorWaits() throws Exception {
        Result result = run("top", write("mutex.json", profile(ContentionKind.MUTEX,
                List.of(QUOTE_BEHIND_HTTP_3, QUOTE_BEHIND_HTTP_7, HAND_OFF))).toString());
        assertEquals("""
                Type: delay
                Showing nodes accounting for 42ms, 100% of 42ms total
                      flat  flat%   sum%        cum   cum%
                      42ms   100%   100%       42ms   100%  dev.shop.PriceList.quote
                         0     0%   100%       42ms   100%  dev.shop.Handler.handle
                """, result.out());
    }

    @Test
    void listShowsTheDelayAtTheSourceLine() throws Exception {
        Path src = dir.resolve("src/main/java/dev/shop");
        Files.createDirectories(src);
        Files.writeString(src.resolve("PriceList.java"), String.join("\n",
                "package dev.shop;",
                "",
                "final class PriceList {",
                "",
                "    long quote(String item) {",
                "        synchronized (this) {",
                "            return lookUp(item);",
                "        }",
                "    }",
                "}"));
        Result result = run("list", "PriceList\\.quote$", write("block.json", block()).toString(),
                "--source-path", dir.resolve("src/main/java").toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("Type: delay\n"
                + "Total: 142ms\n"
                + "ROUTINE ======================== dev.shop.PriceList.quote in " + src.resolve("PriceList.java") + "\n"
                + "      42ms       42ms (flat, cum) 29.58% of Total\n"
                + "         .          .     5:     long quote(String item) {\n"
                + "      42ms       42ms     6:         synchronized (this) {\n"
                + "         .          .     7:             return lookUp(item);\n"
                + "         .          .     8:         }\n"
                + "         .          .     9:     }\n", result.out());
    }

    @Test
    void tracesShowEachWaitWithItsLockAndOwner() throws Exception {
        Result result = run("traces", write("block.json", block()).toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                Type: delay
                block profile: 8 contentions, 0.142 s delay in 12.0 s since recording began (threshold 10 ms)
                -----------+-------------------------------------------------------
                     event:  jdk.ThreadPark
                      lock:  java.util.concurrent.SynchronousQueue$TransferStack
                contentions:  5
                     100ms   jdk.internal.misc.Unsafe.park(Native Method)
                             dev.shop.Audit.append(Audit.java:20)
                             dev.shop.Handler.handle(Handler.java:12)
                -----------+-------------------------------------------------------
                     event:  jdk.JavaMonitorEnter
                      lock:  dev.shop.PriceList
                     owner:  http-3
                contentions:  2
                      30ms   dev.shop.PriceList.quote(PriceList.java:6)
                             dev.shop.Handler.handle(Handler.java:12)
                -----------+-------------------------------------------------------
                     event:  jdk.JavaMonitorEnter
                      lock:  dev.shop.PriceList
                     owner:  http-7
                contentions:  1
                      12ms   dev.shop.PriceList.quote(PriceList.java:6)
                             dev.shop.Handler.handle(Handler.java:12)
                -----------+-------------------------------------------------------
                """, result.out());
    }

    @Test
    void diffOfTwoWindowsMatchesStacksNotOwners() throws Exception {
        ContentionSample earlierQuote = new ContentionSample(List.of(QUOTE, HANDLE), ContentionSample.MONITOR_ENTER,
                "dev.shop.PriceList", "http-1", 1, 10_000_000);
        ContentionSample latch = new ContentionSample(List.of(PARK, HANDLE), ContentionSample.THREAD_PARK,
                "java.util.concurrent.CountDownLatch$Sync", null, 1, 20_000_000);
        Path first = write("first.json", profile(ContentionKind.BLOCK, List.of(earlierQuote, HAND_OFF, latch)));
        Result result = run("diff", first.toString(), write("second.json", block()).toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                delay 130ms -> 142ms (+12ms), contentions 7 -> 8 (+1)
                +32ms  +2  PriceList.quote(PriceList.java:6)  lock=dev.shop.PriceList
                -20ms  -1  Handler.handle(Handler.java:12)    lock=java.util.concurrent.CountDownLatch$Sync
                """, result.out());
    }

    @Test
    void aThreadProfileAndABlockProfileDoNotDiff() throws Exception {
        Path threads = dir.resolve("threads.json");
        Files.writeString(threads, dev.threadprofiling.threadprof.format.JsonFormat.write(CliTest.profile(1, 0)));
        Result result = run("diff", threads.toString(), write("block.json", block()).toString());
        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("threadprof: BASE and SOURCE must be the same kind of profile"), result.err());
    }

    @Test
    void contentionUrlsAreFetchedAsJsonKeepingTheWindow() {
        assertEquals(URI.create("http://127.0.0.1:6060/debug/block?format=json"),
                ProfileSources.jsonUrl("http://127.0.0.1:6060/debug/block"));
        assertEquals(URI.create("http://127.0.0.1:6060/debug/mutex?seconds=5&format=json"),
                ProfileSources.jsonUrl("http://127.0.0.1:6060/debug/mutex?seconds=5"));
        assertEquals(URI.create("http://127.0.0.1:6060/debug/block?debug=1"),
                ProfileSources.jsonUrl("http://127.0.0.1:6060/debug/block?debug=1"));
        assertEquals(URI.create("http://127.0.0.1:6060/debug/threads?format=json"),
                ProfileSources.jsonUrl("http://127.0.0.1:6060/debug/threads"));
        assertEquals(URI.create("http://127.0.0.1:6060/debug/pinned?seconds=5&format=json"),
                ProfileSources.jsonUrl("http://127.0.0.1:6060/debug/pinned?seconds=5"));
    }

    private static final StackFrame CARRIER_PARK = new StackFrame("java.base", "java.lang.VirtualThread",
            "parkOnCarrierThread", "VirtualThread.java", 689);
    private static final StackFrame CLINIT = new StackFrame(null, "dev.shop.Rates", "<clinit>", "Rates.java", 9);
    private static final StackFrame FETCH = new StackFrame(null, "dev.shop.Client", "fetch", "Client.java", 31);

    /** 5 pinnings, 700 ms: 3 in a static initializer (with Java 24+'s reason), 2 inside synchronized. */
    private static ContentionProfile pinned() {
        return profile(ContentionKind.PINNED, List.of(HAND_OFF,
                new ContentionSample(List.of(CARRIER_PARK, CLINIT, HANDLE), ContentionSample.VIRTUAL_THREAD_PINNED, null,
                        null, "VM call to dev.shop.Rates.<clinit> on stack", 3, 600_000_000),
                new ContentionSample(List.of(CARRIER_PARK, FETCH, HANDLE), ContentionSample.VIRTUAL_THREAD_PINNED, null,
                        null, null, 2, 100_000_000)));
    }

    @Test
    void thePinnedProfileCountsPinningsAndShowsWhy() throws Exception {
        Path pinned = write("pinned.json", pinned());

        Result top = run("top", "--sample-index", "pinnings", pinned.toString());
        assertEquals(0, top.status(), top.err());
        assertEquals("""
                Type: pinnings
                Showing nodes accounting for 5, 100% of 5 total
                      flat  flat%   sum%        cum   cum%
                         5   100%   100%          5   100%  java.lang.VirtualThread.parkOnCarrierThread
                         0     0%   100%          5   100%  dev.shop.Handler.handle
                         0     0%   100%          3 60.00%  dev.shop.Rates.<clinit>
                         0     0%   100%          2 40.00%  dev.shop.Client.fetch
                """, top.out());
        Result traces = run("traces", pinned.toString());
        assertEquals(0, traces.status(), traces.err());
        assertEquals("""
                Type: delay
                pinned profile: 5 pinnings, 0.700 s delay in 12.0 s since recording began (threshold 10 ms)
                -----------+-------------------------------------------------------
                     event:  jdk.VirtualThreadPinned
                    reason:  VM call to dev.shop.Rates.<clinit> on stack
                  pinnings:  3
                     600ms   java.lang.VirtualThread.parkOnCarrierThread(VirtualThread.java:689)
                             dev.shop.Rates.<clinit>(Rates.java:9)
                             dev.shop.Handler.handle(Handler.java:12)
                -----------+-------------------------------------------------------
                     event:  jdk.VirtualThreadPinned
                  pinnings:  2
                     100ms   java.lang.VirtualThread.parkOnCarrierThread(VirtualThread.java:689)
                             dev.shop.Client.fetch(Client.java:31)
                             dev.shop.Handler.handle(Handler.java:12)
                -----------+-------------------------------------------------------
                """, traces.out());
        Result wrong = run("top", "--sample-index", "contentions", pinned.toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().startsWith("threadprof: --sample-index must be one of [pinnings, delay]"), wrong.err());
        Result diff = run("diff", write("block.json", block()).toString(), pinned.toString());
        assertEquals(2, diff.status(), "a pinned profile and a block profile count different things");
        assertTrue(diff.err().contains("different sample types"), diff.err());
    }

    @Test
    void aProfileThisJvmCannotRecordIsAnErrorNotAnEmptyReport() throws Exception {
        Path file = write("pinned-17.json", ContentionProfile.unavailable(ContentionKind.PINNED, START,
                "virtual threads need Java 21+, this JVM is Java 17.0.15"));

        Result result = run("top", file.toString());

        assertEquals(1, result.status(), result.out());
        assertEquals("threadprof: " + file + ": pinned profile: not available on this JVM: virtual threads need Java 21+,"
                + " this JVM is Java 17.0.15\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void topReadsALiveBlockEndpoint() throws Exception {
        byte[] json = ContentionJson.writeBytes(block());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/debug/block", exchange -> {
            boolean asJson = "format=json".equals(exchange.getRequestURI().getQuery());
            byte[] body = asJson ? json : new byte[] {0x1f, (byte) 0x8b};
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Result result = run("top", "-n", "1", "http://127.0.0.1:" + server.getAddress().getPort() + "/debug/block");
            assertEquals(0, result.status(), result.err());
            assertTrue(result.out().contains("100ms 70.42% 70.42%      100ms 70.42%  jdk.internal.misc.Unsafe.park\n"),
                    result.out());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void webServesASavedBlockProfileAndSaysWhatItHasNot() throws Exception {
        Path file = write("block.json", block());
        try (WebView view = WebView.start(file.toString(), 0)) {
            assertTrue(view.url().endsWith("/debug/threads/ui?profile=block"), view.url());
            String root = view.url().substring(0, view.url().indexOf("/debug/"));
            HttpResponse<String> page = get(view.url());
            assertTrue(page.body().contains("data-profiles=\"block=/debug/block\""), page.body());

            HttpResponse<String> json = get(root + "/debug/block?format=json");
            assertEquals(200, json.statusCode());
            assertEquals(block(), ContentionJson.read(json.body().getBytes(StandardCharsets.UTF_8), "the view"));

            HttpResponse<String> mutex = get(root + "/debug/mutex?format=json");
            assertEquals(404, mutex.statusCode());
            assertEquals("application/json", mutex.headers().firstValue("Content-Type").orElse(""), "the plugin's error shape");
            assertEquals("threadprof web: no mutex profile here: " + file + " holds the block profile only (give "
                    + "threadprof web a server's URL to switch between threads, block, mutex and pinned)", error(mutex));
            HttpResponse<String> window = get(root + "/debug/block?format=json&seconds=5");
            assertEquals(400, window.statusCode());
            assertTrue(error(window).startsWith("threadprof web: " + file + " is one saved window of the block profile;"),
                    window.body());
            assertEquals(404, get(root + "/debug/threads/summary").statusCode());

            HttpResponse<String> drawn = post(root + "/debug/threads/ui/view?file=block.json",
                    "{\"profile\":" + new String(ContentionJson.writeBytes(block()), StandardCharsets.UTF_8) + "}");
            assertEquals(200, drawn.statusCode(), drawn.body());
            assertTrue(drawn.body().startsWith("{\"view\":\"block\",\"status\":\"" + block().summary()), drawn.body());
            HttpResponse<String> notJson = post(root + "/debug/threads/ui/view?file=block.txt", "block");
            assertEquals(400, notJson.statusCode());
            assertTrue(error(notJson).startsWith("cannot open block.txt: it is not JSON"), notJson.body());
        }
    }

    @Test
    void webOnAServerUrlOpensOnItsProfileAndPassesTheWindowOn() throws Exception {
        byte[] json = ContentionJson.writeBytes(block());
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/debug/", exchange -> {
            asked.add(exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getRawQuery());
            boolean refused = exchange.getRequestURI().getRawQuery().contains("seconds=0");
            byte[] body = refused ? "{\"error\":\"seconds must be between 1 and 300, not 0\",\"parameter\":\"seconds\"}"
                    .getBytes(StandardCharsets.UTF_8) : json;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(refused ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String upstream = "http://127.0.0.1:" + server.getAddress().getPort();
        try (WebView view = WebView.start(upstream + "/debug/mutex?seconds=3", 0)) {
            assertTrue(view.url().endsWith("/debug/threads/ui?profile=mutex&seconds=3"), view.url());
            String root = view.url().substring(0, view.url().indexOf("/debug/"));
            assertTrue(get(view.url()).body().contains(
                    "data-profiles=\"threads=/debug/threads,block=/debug/block,mutex=/debug/mutex,pinned=/debug/pinned\""));

            HttpResponse<String> window = get(root + "/debug/block?format=json&seconds=2");
            assertEquals(200, window.statusCode());
            assertEquals(new String(json, StandardCharsets.UTF_8), window.body());
            HttpResponse<String> refused = get(root + "/debug/mutex?format=json&seconds=0");
            assertEquals(400, refused.statusCode(), "the server's refusal comes back as it is");
            assertTrue(refused.body().contains("seconds must be between 1 and 300, not 0"), refused.body());
            get(root + "/debug/mutex?format=json");
            assertEquals(List.of("/debug/block?format=json&seconds=2", "/debug/mutex?format=json&seconds=0",
                    "/debug/mutex?format=json"), asked);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void everyProfileOfAServerOpensTheServersView() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        String upstream = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            for (ContentionKind kind : ContentionKind.values()) {
                // Nothing is fetched at start: a server's URL is known by its path alone.
                try (WebView view = WebView.start(upstream + "/debug/" + kind.pathName() + "?seconds=3", 0)) {
                    assertTrue(view.url().endsWith("/debug/threads/ui?profile=" + kind.pathName() + "&seconds=3"),
                            kind + ": " + view.url());
                }
            }
        } finally {
            server.stop(0);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The "error" of a JSON error body, as the plugin and threadprof web both write it. */
    private static String error(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).get("error").asText();
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
