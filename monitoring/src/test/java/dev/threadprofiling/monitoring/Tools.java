package dev.threadprofiling.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The checkout, outside tools and the processes the tests start. */
final class Tools {

    static final Path ROOT = Path.of(System.getProperty("workbook.root", "..")).toAbsolutePath().normalize();
    static final Path MONITORING = ROOT.resolve("monitoring");

    private Tools() {
    }

    /** Skips the test, naming the tool, where it is not installed (CI fails on such a skip). */
    static void assumeOnPath(String tool) {
        Assumptions.assumeTrue(onPath(tool), "tool missing: " + tool + " (apt-get install prometheus)");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    record Run(int exit, String output) {
    }

    /** Runs {@code command} in the checkout for at most {@code seconds}; output and errors together. */
    static Run run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("monitoring-test", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                stop(process);
                return new Run(-1, "timed out after " + seconds + " s: " + command + "\n" + Files.readString(out));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** SIGTERM to the process and everything it started, then waits (SIGKILL after 20 s). */
    static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
