package dev.threadprofiling.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.leakmatrix.ShippedExercise;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best practice 1 in a real Prometheus, side by side: two exercise servers and two step-3 servers, each its own
 * JVM on its own port, scraped every second by {@code scripts/monitor.sh --fast} while {@code scripts/drive.sh}
 * loads all four the same way. ThreadLeak fires once per exercise instance, naming the worker group, and never
 * (not even pending) for step 3; the fleet sum per group adds the instances up; and the exercise's counts stay
 * exactly what the chapter's arithmetic gives, scraped every second with {@code threadprof_threads} (a scrape that
 * started a thread would add to them).
 */
class ThreadLeakAlertTest {

    private static final String MAIN = "dev.threadprofiling.workerpool.Main";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    /** An idle server's threads; each round of 5 requests leaves 4 × 15 workers and 1 producer on the exercise. */
    private static final int IDLE = 26;
    private static final int REQUESTS_PER_ROUND = 5;
    private static final int LEFT_PER_ROUND = 4 * 15 + 1;
    private static final int MAX_ROUNDS = 30;
    /**
     * Between rounds every server is idle for longer than a scrape interval (1 s), so each 10-second window of
     * step 3 holds an idle scrape and its floor stays at the idle count however busy the rounds are.
     */
    private static final long PAUSE_MILLIS = 1500;
    /** What docs/en/03-production-monitoring.md states for --fast (60 s), with room for this busy machine. */
    private static final Duration FIRING_WITHIN = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            Tools.stop(process);
        }
    }

    @Test
    void leakAlertFiresForEachExerciseInstanceAndNeverForStep3(@TempDir Path logs) throws Exception {
        Tools.assumeOnPath("prometheus");
        Tools.assumeOnPath("curl");
        Assumptions.assumeFalse(ShippedExercise.Exercise.THREADS.isEdited(Tools.ROOT), ShippedExercise.EDITED_MESSAGE);

        long testStart = System.nanoTime();
        Map<String, String> servers = new LinkedHashMap<>();   // instance -> job
        List<Process> starting = new ArrayList<>();
        List<String> jobs = List.of("exercise", "exercise", "step3", "step3");
        for (int i = 0; i < jobs.size(); i++) {
            starting.add(startServer(jobs.get(i), logs.resolve(jobs.get(i) + "-" + i + ".log")));
        }
        for (int i = 0; i < jobs.size(); i++) {
            servers.put("127.0.0.1:" + port(starting.get(i), logs.resolve(jobs.get(i) + "-" + i + ".log")), jobs.get(i));
        }
        int prometheusPort = freePort();
        List<String> monitor = new ArrayList<>(List.of("bash", "scripts/monitor.sh", "--fast", "--port",
                String.valueOf(prometheusPort), "--duration", "600"));
        servers.forEach((instance, job) -> monitor.addAll(List.of("--target", job + "=" + instance)));
        Path monitorLog = logs.resolve("monitor.log");
        processes.add(start(monitor, monitorLog));
        awaitLine(processes.get(processes.size() - 1), monitorLog, Pattern.compile("Prometheus is ready"), 60);
        String prometheus = "http://127.0.0.1:" + prometheusPort;
        long startedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - testStart);

        Map<String, Long> firedAfterMillis = new LinkedHashMap<>();
        long firstRequest = System.nanoTime();
        int rounds = 0;
        while (firedAfterMillis.size() < 2 && rounds < MAX_ROUNDS
                && System.nanoTime() - firstRequest < FIRING_WITHIN.toNanos()) {
            if (rounds > 0) {
                Thread.sleep(PAUSE_MILLIS);
            }
            drive(servers.keySet());
            rounds++;
            for (JsonNode alert : alerts(prometheus)) {
                JsonNode labels = alert.get("labels");
                if (!labels.path("job").asText().equals("exercise")) {
                    fail("an alert for a fixed server, after " + rounds + " rounds: " + alert);
                }
                if (alert.get("state").asText().equals("firing")) {
                    firedAfterMillis.putIfAbsent(labels.get("instance").asText(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstRequest));
                }
            }
        }
        System.out.printf("[monitoring] 4 servers and Prometheus ready after %d ms; ThreadLeak firing after %s ms"
                + " (instance: ms from the first leaking request), %d rounds of %d requests per server%n",
                startedMillis, firedAfterMillis, rounds, REQUESTS_PER_ROUND);

        List<String> exercises = servers.entrySet().stream().filter(e -> e.getValue().equals("exercise"))
                .map(Map.Entry::getKey).collect(Collectors.toList());
        assertEquals(new java.util.HashSet<>(exercises), firedAfterMillis.keySet(),
                "firing within " + FIRING_WITHIN.toSeconds() + " s: " + firedAfterMillis);
        List<JsonNode> alerts = alerts(prometheus);
        for (String instance : exercises) {
            List<JsonNode> own = alerts.stream().filter(a -> a.get("labels").get("instance").asText().equals(instance)).toList();
            assertEquals(1, own.size(), "one alert per leaking instance: " + alerts);
            JsonNode labels = own.get(0).get("labels");
            assertEquals("worker-*-*", labels.path("name").asText(), own.toString());
            assertEquals("dev.threadprofiling.workerpool.TaskQueue.take", labels.path("frame").asText(), own.toString());
            assertEquals("dev.threadprofiling.workerpool.WorkerPool.start", labels.path("created_by").asText(), own.toString());
            assertEquals("Threads leak on " + instance + " (exercise): worker-*-* in TaskQueue.take, created by WorkerPool.start",
                    own.get(0).get("annotations").get("summary").asText());
        }
        assertTrue(alerts.stream().allMatch(a -> a.get("labels").get("job").asText().equals("exercise")), alerts.toString());

        // The chapter's arithmetic, on servers scraped every second all along.
        for (Map.Entry<String, String> server : servers.entrySet()) {
            int expected = server.getValue().equals("exercise") ? IDLE + LEFT_PER_ROUND * rounds : IDLE;
            assertEquals("thread profile: total " + expected, firstLine(server.getKey()), server.toString());
        }
        // The fleet: workers per group summed over both exercise instances (4 × 15 per round each).
        String fleet = "job:threadprof_threads:sum{job=\"exercise\",name=\"worker-*-*\",state=\"WAITING\"}";
        double expectedFleet = 2.0 * 4 * 15 * rounds;
        double fleetValue = Double.NaN;
        for (int i = 0; i < 20 && fleetValue != expectedFleet; i++) {
            Thread.sleep(500);
            fleetValue = queryValue(prometheus, fleet);
        }
        assertEquals(expectedFleet, fleetValue, fleet);
    }

    /** One round: drive.sh -n 5 -c 5 on every server at once. */
    private void drive(Iterable<String> instances) throws Exception {
        List<Process> drivers = new ArrayList<>();
        for (String instance : instances) {
            drivers.add(new ProcessBuilder("bash", "scripts/drive.sh", "-n", String.valueOf(REQUESTS_PER_ROUND), "-c", String.valueOf(REQUESTS_PER_ROUND),
                    "--url", "http://" + instance).directory(Tools.ROOT.toFile()).redirectErrorStream(true).start());
        }
        for (Process driver : drivers) {
            String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!driver.waitFor(60, TimeUnit.SECONDS) || driver.exitValue() != 0) {
                fail("drive.sh failed:\n" + output);
            }
        }
    }

    private List<JsonNode> alerts(String prometheus) throws Exception {
        JsonNode body = json.readTree(get(prometheus + "/api/v1/alerts"));
        List<JsonNode> alerts = new ArrayList<>();
        body.get("data").get("alerts").forEach(alerts::add);
        return alerts;
    }

    private double queryValue(String prometheus, String query) throws Exception {
        JsonNode result = json.readTree(get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .get("data").get("result");
        return result.size() == 1 ? result.get(0).get("value").get(1).asDouble() : Double.NaN;
    }

    private String firstLine(String instance) throws Exception {
        return get("http://" + instance + "/debug/threads?debug=1").lines().findFirst().orElse("");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    /** A server of {@code job}'s module in a JVM of its own, on a free port, from its classes and this test's classpath. */
    private Process startServer(String job, Path log) throws IOException {
        Path module = Tools.ROOT.resolve(job.equals("exercise") ? ShippedExercise.PLATFORM
                : "solutions/profiling/03-threads/step3-join-workers");
        String classpath = module.resolve("target/classes") + File.pathSeparator + Arrays.stream(
                System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        // C1 only and the serial collector: four JVMs start faster on two cores; the compiler and GC threads they
        // save are not Java threads, so the counts are the chapter's.
        Process server = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, MAIN, "--port", "0"), log);
        processes.add(server);
        return server;
    }

    private static String port(Process server, Path log) throws Exception {
        Matcher matcher = LISTENING.matcher(awaitLine(server, log, LISTENING, 120));
        assertTrue(matcher.find());
        return matcher.group(1);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).directory(Tools.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** The first line of {@code log} that matches, waiting up to {@code seconds} while the process lives. */
    private static String awaitLine(Process process, Path log, Pattern pattern, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                fail("exited before printing /" + pattern + "/:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return fail("no line matching /" + pattern + "/ within " + seconds + " s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
