package dev.threadprofiling.threadprof.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium through chromedriver's W3C WebDriver HTTP API, with {@code java.net.http} only: for the
 * web view's Chromium tests and its first-paint benchmark.
 *
 * <pre>{@code
 * try (WebDriver browser = WebDriver.start()) {
 *     browser.open("http://127.0.0.1:6060/debug/threads/ui");
 *     JsonNode rows = browser.script("return document.querySelectorAll('tr').length");
 * }
 * }</pre>
 */
public final class WebDriver implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process driver;
    private final Path profileDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String session;

    private WebDriver(Process driver, Path profileDir, int port) {
        this.driver = driver;
        this.profileDir = profileDir;
        this.base = "http://127.0.0.1:" + port;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the test, naming the tool, where Chromium or chromedriver is missing. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "tool missing: chromium (apt-get install chromium chromium-driver)");
    }

    public static WebDriver start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path profileDir = Files.createTempDirectory("threadprof-chromium");
        Process process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        WebDriver webDriver = new WebDriver(process, profileDir, port);
        try {
            webDriver.awaitReady();
            webDriver.newSession();
        } catch (IOException | RuntimeException | InterruptedException e) {
            webDriver.close();
            throw e;
        }
        return webDriver;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (JSON.readTree(status.body()).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not answer on " + base + " within 20 s");
    }

    private void newSession() throws IOException, InterruptedException {
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", CHROMIUM.toString());
        options.set("args", JSON.valueToTree(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1700",
                "--user-data-dir=" + profileDir)));
        ObjectNode body = JSON.createObjectNode();
        body.putObject("capabilities").putObject("alwaysMatch").set("goog:chromeOptions", options);
        session = call("POST", "/session", body).path("sessionId").asText();
    }

    public void open(String url) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /** Runs {@code script} (a function body; {@code return} gives the value) in the page. */
    public JsonNode script(String script) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** Runs {@code script} until its value passes {@code until}, for up to 30 s; fails naming {@code what}. */
    public JsonNode await(String script, Predicate<JsonNode> until, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode value = null;
        while (System.nanoTime() < deadline) {
            value = script(script);
            if (until.test(value)) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("within 30 s: " + what + "; last value " + value);
    }

    /** Chooses {@code file} in the page's {@code <input type="file">} that {@code cssSelector} finds, as a reader would. */
    public void upload(String cssSelector, Path file) throws IOException, InterruptedException {
        ObjectNode find = JSON.createObjectNode().put("using", "css selector").put("value", cssSelector);
        JsonNode element = call("POST", "/session/" + session + "/element", find);
        String id = element.path("element-6066-11e4-a52e-4f735466cecf").asText();
        call("POST", "/session/" + session + "/element/" + id + "/value",
                JSON.createObjectNode().put("text", file.toAbsolutePath().toString()));
    }

    public void screenshot(Path file) throws IOException, InterruptedException {
        JsonNode value = call("GET", "/session/" + session + "/screenshot", null);
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(value.asText()));
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + answer.path("value").path("message").asText(response.body()));
        }
        return answer.path("value");
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException | RuntimeException e) {
            // chromedriver is stopped below either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            deleteQuietly(profileDir.toFile());
        }
    }

    private static void deleteQuietly(File dir) {
        File[] children = dir.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        dir.delete();
    }
}
