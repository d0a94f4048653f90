package dev.threadprofiling.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one page's commands in order, from the repository root, the way a reader would type them:
 * a server the page starts keeps running for the commands after it. The page's port 6060 is
 * swapped for a free one, so the test never meets a server the reader left running.
 */
final class DocSession implements AutoCloseable {

    static final String PAGE_PORT = "6060";

    private final Path root;
    private final String port;
    private Process server;
    private final ByteArrayOutputStream serverOutput = new ByteArrayOutputStream();

    DocSession(Path root) throws IOException {
        this.root = root;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = String.valueOf(socket.getLocalPort());
        }
    }

    /** What a command printed (stdout and stderr together), and how it ended. */
    record Result(int exit, List<String> lines, boolean timedOut) {
    }

    /**
     * Runs {@code command} for at most {@code timeoutSeconds}; with {@code enough} (a command that runs
     * until stopped), stops it as soon as a whole line of its output matches.
     */
    Result run(String command, long timeoutSeconds, Pattern enough) throws IOException, InterruptedException {
        Process process = start(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = pump(process.getInputStream(), out, "doctest-output");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean finished = false;
        while (!finished && System.nanoTime() < deadline) {
            if (enough != null && completeLines(out).stream().anyMatch(line -> enough.matcher(line).find())) {
                break;
            }
            finished = process.waitFor(enough == null ? timeoutSeconds : 100,
                    enough == null ? TimeUnit.SECONDS : TimeUnit.MILLISECONDS);
        }
        if (!finished) {
            kill(process);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(finished ? process.exitValue() : -1, lines(out), !finished);
    }

    /** Starts a server command and waits until its output matches {@code ready}. */
    Result startServer(String command, Pattern ready, long timeoutSeconds) throws IOException, InterruptedException {
        stopServer();
        serverOutput.reset();
        server = start(command);
        pump(server.getInputStream(), serverOutput, "doctest-server-output");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline && server.isAlive()) {
            // Only whole lines: a ready line caught half-written would be compared half-written.
            List<String> lines = completeLines(serverOutput);
            for (int i = 0; i < lines.size(); i++) {
                if (ready.matcher(lines.get(i)).find()) {
                    return new Result(0, lines.subList(0, i + 1), false);
                }
            }
            Thread.sleep(200);
        }
        List<String> lines = lines(serverOutput);
        stopServer();
        return new Result(-1, lines, true);
    }

    void stopServer() throws InterruptedException {
        if (server != null) {
            kill(server);
            server.waitFor(30, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopServer();
    }

    private Process start(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command.replace(PAGE_PORT, port))
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PORT", port);
        env.put("TERM", "dumb");
        env.remove("MAVEN_OPTS");
        return builder.start();
    }

    private List<String> lines(ByteArrayOutputStream out) {
        return split(text(out));
    }

    /** The lines already ended by a newline; a line still being written is left out. */
    private List<String> completeLines(ByteArrayOutputStream out) {
        String text = text(out);
        return split(text.substring(0, text.lastIndexOf('\n') + 1));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private List<String> split(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.replace(port, PAGE_PORT).split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream out, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** SIGTERM to the process and everything it started (mvnw starts Maven, Maven starts the server). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
    }
}
