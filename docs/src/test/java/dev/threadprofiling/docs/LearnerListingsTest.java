package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadprofiling.leakmatrix.ShippedExercise;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java a page asks the learner to write, compiled and run from the page itself.
 *
 * <p>A {@code java} block marked {@code <!-- doctest: listing="exercises/…/src/test/java/…/X.java" … -->}
 * is a file the learner creates: the doc run writes it there before the page's next command, and this
 * test compiles it (against the module's classes, with the build's class path) and runs it twice, in a
 * JVM of its own:
 * <ul>
 *   <li>on the module as shipped it must fail, and its failures must name every thread pattern in
 *       {@code fails-naming="worker-1-* producer-2"};</li>
 *   <li>with the classes of {@code passes-with="solutions/…/step3-…"} in place of the module's it must pass.</li>
 * </ul>
 * Identical listings (a Japanese page shows the English page's code) are compiled and run once.
 */
class LearnerListingsTest {

    private static final String TEST_ROOT = "/src/test/java/";

    @TestFactory
    Stream<DynamicTest> everyListingTheLearnerWritesFailsOnTheExerciseAndPassesOnTheFix() throws IOException {
        Map<String, List<String>> pagesByListing = new LinkedHashMap<>();
        Map<String, MarkdownDoc.Block> blocks = new LinkedHashMap<>();
        for (Path page : DocsTest.pages()) {
            for (MarkdownDoc.Block block : MarkdownDoc.read(page).blocks()) {
                if (block.has("listing")) {
                    String key = block.get("listing") + "\n" + block.directives() + "\n" + String.join("\n", block.lines());
                    pagesByListing.computeIfAbsent(key, k -> new ArrayList<>()).add(DocsTest.ROOT.relativize(page) + ":" + block.line());
                    blocks.putIfAbsent(key, block);
                }
            }
        }
        return blocks.entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                String.join(", ", pagesByListing.get(entry.getKey())), () -> check(entry.getValue(),
                        String.join(", ", pagesByListing.get(entry.getKey())))));
    }

    private static void check(MarkdownDoc.Block block, String where) throws Exception {
        String file = block.get("listing");
        assertTrue(file.contains(TEST_ROOT) && file.endsWith(".java"), where + ": listing= names a test source under "
                + TEST_ROOT + ", got " + file);
        assertTrue(block.has("passes-with") && block.has("fails-naming"), where + ": a listing needs passes-with= and fails-naming=");
        Path module = DocsTest.ROOT.resolve(file.substring(0, file.indexOf(TEST_ROOT)));
        Path fixed = DocsTest.ROOT.resolve(block.get("passes-with"));
        Assumptions.assumeFalse(ShippedExercise.isEditedExercise(module), () -> where + ": "
                + ShippedExercise.Exercise.at(module).orElseThrow().editedMessage());
        String className = file.substring(file.indexOf(TEST_ROOT) + TEST_ROOT.length(), file.length() - ".java".length())
                .replace('/', '.');

        Path classes = compile(block, file, module.resolve("target/classes"), where);

        Run shipped = run(className, classes, module.resolve("target/classes"));
        assertEquals(1, shipped.exit, () -> where + ": the listing must fail on " + DocsTest.ROOT.relativize(module)
                + " as shipped; it printed:\n" + shipped.output);
        for (String thread : block.get("fails-naming").split("\\s+")) {
            assertTrue(shipped.output.contains("\"" + thread + "\""), () -> where + ": the failure on the shipped exercise"
                    + " must name the leaked threads \"" + thread + "\"; it printed:\n" + shipped.output);
        }

        Run fix = run(className, classes, fixed.resolve("target/classes"));
        assertEquals(0, fix.exit, () -> where + ": the listing must pass with " + block.get("passes-with")
                + "'s sources; it printed:\n" + fix.output);
    }

    /** The listing as the learner saved it, compiled against the module's classes and the build's class path. */
    private static Path compile(MarkdownDoc.Block block, String file, Path moduleClasses, String where) throws IOException {
        Path dir = Files.createTempDirectory("listing");
        Path source = dir.resolve("src").resolve(file.substring(file.indexOf(TEST_ROOT) + TEST_ROOT.length()));
        Files.createDirectories(source.getParent());
        Files.write(source, block.lines(), StandardCharsets.UTF_8);
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source.toFile());
            boolean ok = compiler.getTask(errors, files, null, List.of("-d", out.toString(), "-encoding", "UTF-8",
                    "-cp", moduleClasses + File.pathSeparator + System.getProperty("java.class.path")), null, units).call();
            assertTrue(ok, () -> where + ": the listing does not compile:\n" + errors);
        }
        return out;
    }

    private record Run(int exit, String output) {
    }

    /** The listing's class in a JVM of its own, with {@code serverClasses} ahead of everything else. */
    private static Run run(String className, Path listingClasses, Path serverClasses) throws Exception {
        String classPath = String.join(File.pathSeparator, listingClasses.toString(), serverClasses.toString(),
                System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ListingRunner.class.getName(), className).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e);
            }
        }, "listing-output-reader");
        reader.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Run(process.isAlive() ? -1 : process.exitValue(), output.toString());
    }
}
