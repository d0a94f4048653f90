package dev.threadprofiling.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadprofiling.leakmatrix.ShippedExercise;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the outside tools that check {@code scripts/}: shellcheck over every script and the bats
 * tests (which start real exercise and step3 servers). Skipped, naming the tool, where one is
 * missing.
 */
@Timeout(900) // it waits on bats and the scripts' servers; its own waits are 10 minutes
class ScriptsTest {

    private static final Path ROOT = Path.of(System.getProperty("workbook.root", "..")).toAbsolutePath().normalize();
    private static final Path SCRIPTS = ROOT.resolve("scripts");

    @Test
    @DisplayName("shellcheck -x finds nothing in any script")
    void shellcheckIsClean() throws Exception {
        assumeTool("shellcheck", "shellcheck");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        List<String> files = shellFiles();
        assertFalse(files.isEmpty(), "no scripts found under " + SCRIPTS);
        command.addAll(files);
        Run run = run(command, 2);
        assertEquals(0, run.exit, () -> "shellcheck found problems:\n" + run.output);
    }

    @Test
    @DisplayName("bats scripts/test passes against real servers")
    void batsTestsPass() throws Exception {
        assumeTool("bats", "bats");
        assumeTool("curl", "curl");
        assumeTool("jq", "jq");
        // On a learner's edited exercise the tests that need its leaks skip (test_helper's needs_shipped_exercise).
        Run run = run(List.of("env", "WORKBOOK_EXERCISE_EDITED=" + !ShippedExercise.isShipped(ROOT.resolve(ShippedExercise.PLATFORM)),
                "bats", "--print-output-on-failure", "scripts/test"), 10);
        assertEquals(0, run.exit, () -> "bats failed:\n" + run.output);
    }

    private static void assumeTool(String tool, String debianPackage) {
        Assumptions.assumeTrue(onPath(tool), "tool missing: " + tool + " (apt-get install " + debianPackage + ")");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Scripts (with or without .sh), their shared library and the bats helper, relative to the checkout root. */
    private static List<String> shellFiles() throws IOException {
        try (Stream<Path> paths = Stream.of(SCRIPTS, SCRIPTS.resolve("lib"), SCRIPTS.resolve("test"))
                .filter(Files::isDirectory)
                .flatMap(ScriptsTest::list)) {
            return paths.filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".bash") || isBashScript(p))
                    .map(p -> ROOT.relativize(p).toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** An executable without an extension, such as {@code scripts/threadprof}, run by bash. */
    private static boolean isBashScript(Path file) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file) || file.getFileName().toString().contains(".")) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            return first != null && first.startsWith("#!") && first.contains("bash");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Run(int exit, String output) {
    }

    /** Runs the command in the checkout root, echoing its output as it comes. */
    private static Run run(List<String> command, int timeoutMinutes) throws Exception {
        System.out.println("$ " + String.join(" ", command));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println(line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("(output lost: ").append(e).append(")\n");
                }
            }
        }, "scripts-test-output");
        reader.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            fail(command.get(0) + " did not finish within " + timeoutMinutes + " minutes:\n" + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (output) {
            return new Run(process.exitValue(), output.toString());
        }
    }
}
