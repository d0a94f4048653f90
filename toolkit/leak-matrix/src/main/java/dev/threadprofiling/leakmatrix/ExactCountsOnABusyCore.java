package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chapter's Step 2 (100 default requests, then {@code debug=1}) against a server pinned to one
 * core ({@code taskset -c 0}) beside a CPU hog on that core, run after run: the counts the chapter
 * prints must hold whatever order the threads run in. On two cores, two runs go side by side, each
 * with its server and its hog on a core of their own ({@code taskset -c 1} for the second).
 *
 * <p>It lives beside the doc test (module {@code docs}), not in the exercise, so that the exercise's
 * diff to step 1 is the lesson alone; the server runs from the exercise's {@code target/classes},
 * put first on this JVM's class path:
 *
 * <pre>{@code
 * class ExactCountsTest extends ExactCountsOnABusyCore {
 *     ExactCountsTest() {
 *         super(ShippedExercise.PLATFORM, "dev.threadprofiling.workerpool.Main", 1246, 1200, 20);
 *     }
 * }
 * }</pre>
 *
 * <p>{@code -Dexactcounts.runs=N} sets the number of runs (default 20), {@code -Dexactcounts.hogs=N}
 * the busy loops beside each server (default 2).
 */
@Timeout(300) // it waits on the server and a child JVM that keeps a core busy
public abstract class ExactCountsOnABusyCore {

    private static final Pattern WORKERS = Pattern.compile("^(\\d+) @ WAITING worker-\\*-\\* ", Pattern.MULTILINE);
    private static final Pattern PRODUCERS = Pattern.compile("^(\\d+) @ WAITING producer-\\* ", Pattern.MULTILINE);
    /** Busy loops, each ending by itself after 5 minutes at most should the test JVM die first. */
    private static final String HOG = "for i in $(seq " + Integer.getInteger("exactcounts.hogs", 2)
            + "); do timeout 300 sh -c 'while :; do :; done' & done; wait";

    private final Path module;
    private final String mainClass;
    private final String expected;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param module    the exercise, relative to the checkout root ({@link ShippedExercise#root()})
     * @param mainClass its {@code Main}, run from the module's {@code target/classes}
     */
    protected ExactCountsOnABusyCore(String module, String mainClass, int total, int waitingWorkers, int waitingProducers) {
        this.module = ShippedExercise.root().resolve(module);
        this.mainClass = mainClass;
        this.expected = counts(total, waitingWorkers, waitingProducers);
    }

    @Test
    @DisplayName("Step 2 on a busy core: the chapter's counts in every run")
    void stepTwoOnABusyCore() throws Exception {
        Assumptions.assumeTrue(onPath("taskset"), "tool missing: taskset (apt-get install util-linux)");
        Assumptions.assumeTrue(ShippedExercise.Exercise.at(module).isEmpty() || ShippedExercise.isShipped(module),
                ShippedExercise.EDITED_MESSAGE);
        int runs = Integer.getInteger("exactcounts.runs", 20);
        int lanes = Math.min(2, Runtime.getRuntime().availableProcessors());
        String[] results = new String[runs];
        List<Thread> laneThreads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int core = lane;
            Thread thread = new Thread(() -> {
                try {
                    for (int run = core; run < runs; run += lanes) {
                        long started = System.nanoTime();
                        results[run] = oneRun(core);
                        System.out.printf("[exact-counts] %s run %d of %d (core %d): %s (%d s)%n", module.getFileName(),
                                run + 1, runs, core, results[run], TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "exact-counts-core-" + core);
            thread.start();
            laneThreads.add(thread);
        }
        for (Thread thread : laneThreads) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a run could not be completed", errors.get(0));
        }
        long exact = Arrays.stream(results).filter(expected::equals).count();
        System.out.printf("[exact-counts] %s: %d of %d runs gave %s%n", module.getFileName(), exact, runs, expected);
        assertEquals(runs, exact, () -> "runs that gave " + expected + ":\n" + String.join("\n", results));
    }

    /** One fresh server on {@code core}, the hog beside it, 100 default requests, then the profile's counts. */
    private String oneRun(int core) throws Exception {
        List<String> onCore = List.of("taskset", "-c", String.valueOf(core));
        String classPath = module.resolve("target/classes") + File.pathSeparator + System.getProperty("java.class.path");
        WorkbookServers.Child server = WorkbookServers.startChild(onCore, classPath, mainClass);
        List<String> hogCommand = new ArrayList<>(onCore);
        hogCommand.addAll(List.of("sh", "-c", HOG));
        Process hog = new ProcessBuilder(hogCommand).redirectErrorStream(true).start();
        try {
            String root = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 100; i++) {
                get(root + "/process");
            }
            // One capture: its total, and its groups as debug=1 prints them.
            ThreadProfile profile = ThreadTotal.profile(client, root);
            String groups = Debug1Format.render(profile);
            return counts(profile.total(), first(WORKERS, groups), first(PRODUCERS, groups));
        } finally {
            hog.descendants().forEach(ProcessHandle::destroyForcibly);
            hog.destroyForcibly();
            server.process().destroyForcibly();
            hog.waitFor(10, TimeUnit.SECONDS);
            server.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String get(String uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String counts(int total, int workers, int producers) {
        return "total " + total + ", " + workers + " @ WAITING worker-*-*, " + producers + " @ WAITING producer-*";
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
