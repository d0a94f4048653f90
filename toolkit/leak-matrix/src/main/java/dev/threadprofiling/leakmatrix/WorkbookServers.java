package dev.threadprofiling.leakmatrix;

import dev.threadprofiling.server.ServerOptions;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a workbook server from its {@code Main} class: in this JVM, or in a child JVM (for what only
 * a process shows: its output, its exit on SIGTERM). The leak matrix and the contention matrix use it.
 */
public final class WorkbookServers {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private WorkbookServers() {
    }

    /** {@code Main.create(options)}, started in this JVM, with {@code witness} watching its answers. */
    static Javalin startInProcess(Class<?> mainClass, ServerOptions options, AnswerWitness witness) {
        try {
            Javalin app = (Javalin) mainClass.getMethod("create", ServerOptions.class).invoke(null, options);
            witness.install(app);
            return app.start();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(mainClass.getName() + ".create failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(mainClass.getName() + " needs a public static Javalin create(ServerOptions)", e);
        }
    }

    /** A child JVM running {@code mainClass} on a free port, ready to serve. */
    public static Child startChild(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return startChild(List.of(), mainClass, args);
    }

    /** The same, with its command after {@code prefix} (e.g. {@code taskset -c 0}). */
    static Child startChild(List<String> prefix, Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return startChild(prefix, System.getProperty("java.class.path"), mainClass.getName(), args);
    }

    /** The same, with its own class path and the name of its {@code Main}. */
    static Child startChild(List<String> prefix, String classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", classPath, mainClass, "--port", "0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Child child = new Child(process);
        child.awaitPort(TimeUnit.SECONDS.toNanos(30));
        return child;
    }

    public static final class Child {
        private final Process process;
        private final List<String> output = new ArrayList<>();
        private final Thread reader;
        private int port = -1;

        Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::readOutput, "child-output-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port = Integer.parseInt(m.group(1));
                        }
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        void awaitPort(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            synchronized (output) {
                while (port < 0 && process.isAlive() && System.nanoTime() < deadline) {
                    output.wait(100);
                }
            }
            if (port < 0) {
                process.destroyForcibly();
                throw new IllegalStateException("server did not start; its output:\n" + String.join("\n", output()));
            }
        }

        public int port() {
            return port;
        }

        public Process process() {
            return process;
        }

        /** Waits for exit and for the last output line. */
        public int awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
            if (!process.waitFor(timeout, unit)) {
                process.destroyForcibly();
                throw new IllegalStateException("server did not exit within " + timeout + " " + unit
                        + "; its output:\n" + String.join("\n", output()));
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        }

        public List<String> output() {
            synchronized (output) {
                return List.copyOf(output);
            }
        }
    }
}
