package dev.threadprofiling.threadprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exact output of every command on hand-made profiles with known counts. */
@Timeout(60) // it waits on the CLI's web server
class CliTest {

    static final StackFrame PARK = new StackFrame("java.base", "jdk.internal.misc.Unsafe", "park", null, StackFrame.NATIVE);
    static final StackFrame LOCK_PARK = new StackFrame("java.base", "java.util.concurrent.locks.LockSupport", "park",
            "LockSupport.java", 341);
    static final StackFrame TAKE = new StackFrame(null, "dev.example.TaskQueue", "take", "TaskQueue.java", 7);
    static final StackFrame WORK = new StackFrame(null, "dev.example.WorkerPool", "work", "WorkerPool.java", 6);
    static final StackFrame PRODUCE = new StackFrame(null, "dev.example.WorkerPool", "produce", "WorkerPool.java", 11);
    static final StackFrame RUN = new StackFrame("java.base", "java.lang.Thread", "run", "Thread.java", 840);

    @TempDir
    Path dir;

    /** {@code workers} workers and {@code producers} producers, plus main. */
    static ThreadProfile profile(int workers, int producers) {
        List<ThreadSample> threads = new ArrayList<>();
        threads.add(new ThreadSample(1, "main", "RUNNABLE", false, false, List.of(RUN), null, null,
                ThreadSample.Origin.NOT_TRACKED));
        for (int i = 0; i < workers; i++) {
            threads.add(new ThreadSample(100 + i, "worker-" + (i / 3 + 1) + "-" + (i % 3 + 1), "WAITING", false, false,
                    List.of(PARK, LOCK_PARK, TAKE, WORK, RUN), null, null, ThreadSample.Origin.NOT_TRACKED));
        }
        for (int i = 0; i < producers; i++) {
            threads.add(new ThreadSample(900 + i, "producer-" + (i + 1), "WAITING", false, false,
                    List.of(PARK, LOCK_PARK, PRODUCE, RUN), null, null, ThreadSample.Origin.NOT_TRACKED));
        }
        return new ThreadProfile(Instant.parse("2025-03-01T10:15:30Z"),
                new ThreadProfile.ProcessInfo(7, "dev.example.Main", "17.0.15", "in-process"), threads);
    }

    private Path write(String name, ThreadProfile profile) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, JsonFormat.write(profile));
        return file;
    }

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void topCountsFlatAndCumulativeThreadsPerFunction() throws Exception {
        Path file = write("p.json", profile(12, 3));
        Result result = run("top", "-n", "3", file.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                Showing nodes accounting for 16, 100% of 16 total
                Showing top 3 nodes out of 6
                      flat  flat%   sum%        cum   cum%
                        15 93.75% 93.75%         15 93.75%  jdk.internal.misc.Unsafe.park
                         1  6.25%   100%         16   100%  java.lang.Thread.run
                         0     0%   100%         15 93.75%  java.util.concurrent.locks.LockSupport.park
                """, result.out());
    }

    @Test
    void diffMatchesGroupsByStackAndStateNotByName() throws Exception {
        Path base = write("base.json", profile(3, 1));
        Path now = write("now.json", profile(15, 0));
        Result result = run("diff", base.toString(), now.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("""
                total 5 -> 16 (+11)
                +12  WAITING  worker-*-*  TaskQueue.take(TaskQueue.java:7)
                 -1  WAITING  producer-1  WorkerPool.produce(WorkerPool.java:11)
                """, result.out());
    }

    @Test
    void diffWithStacksPrintsTheChangedGroupsFrames() throws Exception {
        Result result = run("diff", "--stacks", write("a.json", profile(0, 0)).toString(),
                write("b.json", profile(2, 0)).toString());
        assertEquals("""
                total 1 -> 3 (+2)
                +2  WAITING  worker-1-*  TaskQueue.take(TaskQueue.java:7)
                #	jdk.internal.misc.Unsafe.park(Native Method)
                #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
                #	dev.example.TaskQueue.take(TaskQueue.java:7)
                #	dev.example.WorkerPool.work(WorkerPool.java:6)
                #	java.lang.Thread.run(Thread.java:840)

                """, result.out());
    }

    @Test
    void listShowsSourceLinesWithThreadCounts() throws Exception {
        Path src = dir.resolve("src/main/java/dev/example");
        Files.createDirectories(src);
        Files.writeString(src.resolve("WorkerPool.java"), String.join("\n",
                "package dev.example;",
                "",
                "final class WorkerPool {",
                "",
                "    void work() {",
                "        queue.take();",
                "    }",
                "",
                "    void produce() {",
                "        // fill",
                "        queue.put(task);",
                "    }",
                "}"));
        Result result = run("list", "WorkerPool\\.work$", write("p.json", profile(12, 3)).toString(),
                "--source-path", dir.resolve("src/main/java").toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("Total: 16\n"
                + "ROUTINE ======================== dev.example.WorkerPool.work in " + src.resolve("WorkerPool.java") + "\n"
                + "         0         12 (flat, cum) 75.00% of Total\n"
                + "         .          .     5:     void work() {\n"
                + "         .         12     6:         queue.take();\n"
                + "         .          .     7:     }\n", result.out());
    }

    @Test
    void tracesPrintsGroupsLargestFirst() throws Exception {
        Result result = run("traces", write("p.json", profile(4, 2)).toString());
        assertTrue(result.out().startsWith("thread profile: total 7\n4 @ WAITING worker-*-* (worker-1-1, worker-1-2, … 2 more)\n"
                + "#\tjdk.internal.misc.Unsafe.park(Native Method)\n"), result.out());
    }

    @Test
    void badUsageExitsWithTwoAndAMessage() {
        Result noArgs = run();
        assertEquals(2, noArgs.status());
        Result unknown = run("flame", "x");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("threadprof: unknown command \"flame\""), unknown.err());
        Result missing = run("diff", "only-one");
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("threadprof: expected BASE SOURCE, got only-one"), missing.err());
        Result badN = run("top", "-n", "many", "x");
        assertEquals(2, badN.status());
        assertTrue(badN.err().contains("-n must be a number, not \"many\""), badN.err());
        Result help = run("list", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: threadprof list REGEX SOURCE"), help.out());
    }

    @Test
    void unknownFormatNamesTheSupportedOnes() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n");
        Result result = run("top", file.toString());
        assertEquals(1, result.status());
        assertEquals("threadprof: cannot read " + file + " as a thread profile (it starts with \"hello\"); supported formats: "
                + "threadprof JSON (/debug/threads?format=json), jstack or jcmd Thread.print text, "
                + "jcmd Thread.dump_to_file -format=json\n", result.err());
        Result missing = run("top", dir.resolve("absent.json").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("threadprof: no such file: "), missing.err());
    }

    @Test
    void webServesThePageTheProfileAndTheSummary() throws Exception {
        Path file = write("p.json", profile(5, 1));
        try (WebView view = WebView.start(file.toString(), 0)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(view.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"/debug/threads/ui/threadprof.js\">"), page.body());
            String base = view.url().replace("/ui", "");
            HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(base + "?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(profile(5, 1), JsonFormat.read(json.body()));
            HttpResponse<String> summary = client.send(HttpRequest.newBuilder(URI.create(base + "/summary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"total\":7,\"time\":\"2025-03-01T10:15:30Z\"}", summary.body());
            HttpResponse<String> drawn = client.send(HttpRequest.newBuilder(URI.create(view.url() + "/view")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(drawn.body().startsWith("{\"view\":\"threads\",\"status\":\"total 7 threads in "), drawn.body());
            HttpResponse<String> js = client.send(HttpRequest.newBuilder(URI.create(view.url() + "/threadprof.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, js.statusCode());
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        }
    }
}
