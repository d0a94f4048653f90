package dev.threadprofiling.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where benchmarks live, read from the sources: every benchmark is in this module (a class that
 * uses JMH, or is named like a benchmark, anywhere else is one too many), and no two classes of the
 * toolkit, the scripts' tests or the docs' tests share a name. The exercises and their solution
 * steps are left out of the second rule: each step is a copy of the exercise, one fix apart.
 */
class BenchmarksLiveHereTest {

    private static final Path ROOT = Path.of(System.getProperty("workbook.root", "../..")).toAbsolutePath().normalize();
    private static final String HERE = "toolkit/benchmarks/";

    @Test
    void everyBenchmarkIsInThisModule() throws IOException {
        assertEquals(List.of(), benchmarksOutside(ROOT),
                "benchmarks belong in " + HERE + " (built by verify, run by hand), never in another module or a test");
    }

    @Test
    void noTwoClassesShareAName() throws IOException {
        assertEquals(Map.of(), namesDefinedTwice(ROOT), "one class per name outside the exercises' copies");
    }

    @Test
    void bothRulesSeeWhatBreaksThem(@TempDir Path root) throws IOException {
        write(root, HERE + "src/main/java/b/CaptureBenchmark.java", "import org.openjdk.jmh.annotations.Benchmark;");
        write(root, "toolkit/threadprof/src/test/java/t/CostBenchmarkTest.java", "class CostBenchmarkTest {}");
        write(root, "toolkit/threadprof/src/test/java/t/Timing.java", "import org.openjdk.jmh.annotations.State;");
        write(root, "toolkit/threadprof/src/test/java/t/ParkedThreadsMain.java", "class ParkedThreadsMain {}");
        write(root, HERE + "src/main/java/b/ParkedThreadsMain.java", "class ParkedThreadsMain {}");
        write(root, "toolkit/threadprof/target/generated-sources/t/Main.java", "class Main {}");
        write(root, "exercises/profiling/03-threads/src/main/java/w/Main.java", "class Main {}");
        write(root, "solutions/profiling/03-threads/step1/src/main/java/w/Main.java", "class Main {}");

        assertEquals(List.of("toolkit/threadprof/src/test/java/t/CostBenchmarkTest.java",
                "toolkit/threadprof/src/test/java/t/Timing.java"), benchmarksOutside(root));
        assertEquals(Map.of("ParkedThreadsMain", List.of(HERE + "src/main/java/b/ParkedThreadsMain.java",
                "toolkit/threadprof/src/test/java/t/ParkedThreadsMain.java")), namesDefinedTwice(root));
    }

    /** Java sources outside this module that use JMH or carry "Benchmark" in their name. */
    static List<String> benchmarksOutside(Path root) throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path source : sources(root)) {
            String path = relative(root, source);
            if (!path.startsWith(HERE) && (source.getFileName().toString().contains("Benchmark")
                    || Files.readString(source).contains("org.openjdk.jmh"))) {
                outside.add(path);
            }
        }
        return outside;
    }

    /**
     * Class names defined in more than one file, with the files, leaving out the exercises and solutions, and
     * test fixtures that stand in for a library's own classes (their package is the library's, not ours).
     */
    static Map<String, List<String>> namesDefinedTwice(Path root) throws IOException {
        Map<String, List<String>> byName = new TreeMap<>();
        for (Path source : sources(root)) {
            String path = relative(root, source);
            boolean ours = !path.matches(".*/src/test/java/(org|io|com)/.*");
            if (!path.startsWith("exercises/") && !path.startsWith("solutions/") && ours) {
                String file = source.getFileName().toString();
                byName.computeIfAbsent(file.substring(0, file.length() - ".java".length()), k -> new ArrayList<>()).add(path);
            }
        }
        byName.values().removeIf(files -> files.size() < 2);
        return byName;
    }

    /** Every {@code .java} file under a {@code src} folder, build output and hidden folders left out, in path order. */
    private static List<Path> sources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.equals("target") || name.startsWith(".") || name.equals("node_modules"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".java") && relative(root, file).contains("/src/")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        sources.sort(null);
        return sources;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
