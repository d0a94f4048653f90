package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadprofiling.leakmatrix.CheckoutLock;
import dev.threadprofiling.leakmatrix.ShippedExercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command in the docs is run and its output compared with what the page shows.
 *
 * <p>Blocks are written as {@code console} blocks ({@code $ command}, then its output). Just above a
 * block, an HTML comment {@code <!-- doctest: … -->} can say how to run it:
 * <ul>
 *   <li>{@code background ready="regex"}: start it and keep it running (a server) once a line matches;</li>
 *   <li>{@code bounded=S}: a command that runs until stopped ({@code watch}): stop it after S seconds,
 *       or with {@code ready="regex"} as soon as a line matches;</li>
 *   <li>{@code timeout=S}: allow S seconds (default 180);</li>
 *   <li>{@code exit=N}: the exit status the page expects (default 0);</li>
 *   <li>{@code requires="go promtool"}: skip, naming the tool, where one is missing;</li>
 *   <li>{@code stop}: stop the running server first;</li>
 *   <li>{@code jdk="21+"} or {@code jdk="17-20"}: run only on those Java versions (the build runs on
 *       the default JDK and, in CI, again on a JDK 21+), so each version's output is shown and checked;</li>
 *   <li>{@code skip="why"}: not run (interactive), the reason is required;</li>
 *   <li>{@code given="command"}: run first, unseen, for a step the page asks the reader to do by hand;
 *       it must exit 0 (code the reader writes is a {@code listing}, below, never copied from a solution);</li>
 *   <li>{@code source="path"} on a code block: its lines must stand in that file as shown;</li>
 *   <li>{@code listing="exercises/…/src/test/java/…/X.java"} on a {@code java} block: a file the page asks the
 *       learner to write. The run writes it there, as the learner would, before the page's next command,
 *       and {@link LearnerListingsTest} proves it fails on the exercise and passes on the fix.</li>
 * </ul>
 *
 * <p>Each chapter runs once. A Japanese page runs the same commands, with the same directives, in the
 * same order as its English page ({@link #bothLanguagesHaveTheSameStepsAndCommands}), so what it shows
 * is compared with what those commands printed in the English page's run, step by step. It runs its
 * commands itself only where there is no such run ({@code -Ddocs.pages} without the English page, or
 * an English page that failed).
 */
class DocsTest {

    static final Path ROOT = Path.of(System.getProperty("workbook.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console");
    /** What each English page's commands printed, step by step, by file name: for its Japanese page. */
    private static final Map<String, List<DocSession.Result>> ENGLISH_RUNS = new ConcurrentHashMap<>();

    /** {@code -Ddocs.pages=04-virtual}: only the pages whose file name starts so (a targeted run). */
    static final String PAGES_PROPERTY = "docs.pages";

    static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        String only = System.getProperty(PAGES_PROPERTY, "");
        for (String language : List.of("en", "ja")) {
            Path dir = ROOT.resolve("docs").resolve(language);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.toString().endsWith(".md") && p.getFileName().toString().startsWith(only))
                            .sorted().forEach(pages::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return pages;
    }

    @TestFactory
    Stream<DynamicNode> everyCommandRunsAsShown() {
        return pages().stream().map(page -> DynamicContainer.dynamicContainer(ROOT.relativize(page).toString(),
                Stream.of(DynamicTest.dynamicTest("commands", () -> runPage(page)))));
    }

    private static void runPage(Path page) throws Exception {
        MarkdownDoc doc = MarkdownDoc.read(page);
        Optional<ShippedExercise.Exercise> edited = editedExerciseShown(page);
        Assumptions.assumeFalse(edited.isPresent(), () -> edited.get().editedMessage());
        boolean english = page.getParent().getFileName().toString().equals("en");
        Iterator<DocSession.Result> englishRun = english ? null : englishRunOf(page);
        List<DocSession.Result> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (CheckoutLock lock = CheckoutLock.hold(ROOT, ROOT.relativize(page).toString())) {
            runCommands(page, doc, englishRun, results, skipped);
        }
        if (english) {
            ENGLISH_RUNS.put(page.getFileName().toString(), List.copyOf(results));
        }
        Assumptions.assumeTrue(skipped.isEmpty(), () -> String.join("; ", skipped));
    }

    /** The page's blocks in order: each listing written, each command run and compared. */
    private static void runCommands(Path page, MarkdownDoc doc, Iterator<DocSession.Result> englishRun,
            List<DocSession.Result> results, List<String> skipped) throws Exception {
        Set<String> before = untracked();
        try (DocSession session = new DocSession(ROOT)) {
            for (MarkdownDoc.Block block : doc.blocks()) {
                if (block.has("listing") && englishRun == null) {
                    Path listing = ROOT.resolve(block.get("listing"));
                    Files.createDirectories(listing.getParent());
                    Files.write(listing, block.lines(), StandardCharsets.UTF_8);
                }
                if (!SHELL.contains(block.language())) {
                    continue;
                }
                String where = ROOT.relativize(page) + ":" + block.line();
                if (block.has("skip")) {
                    assertFalse(block.get("skip").isBlank(), where + ": skip needs a reason");
                    continue;
                }
                assertEquals("console", block.language(), where + ": a shell block must be a console block ($ command"
                        + " + output) so it is run, or carry <!-- doctest: skip=\"why\" -->");
                if (block.has("jdk") && !JavaVersions.matches(block.get("jdk"), Runtime.version().feature())) {
                    continue;
                }
                String missing = missingTool(block);
                if (missing != null) {
                    skipped.add(where + ": tool missing: " + missing);
                    continue;
                }
                if (englishRun == null) {
                    if (block.has("stop")) {
                        session.stopServer();
                    }
                    runGiven(session, block, where);
                }
                checkBlock(block, where, englishRun == null ? liveRun(session, block) : replay(englishRun, where), results);
            }
        } finally {
            cleanUp(before);
        }
    }

    /** The English page's run, if it ran and has the same commands and directives in the same order. */
    private static Iterator<DocSession.Result> englishRunOf(Path page) throws IOException {
        List<DocSession.Result> run = ENGLISH_RUNS.get(page.getFileName().toString());
        Path en = ROOT.resolve("docs/en").resolve(page.getFileName());
        return run != null && commands(page).equals(commands(en)) ? run.iterator() : null;
    }

    /** How a block's commands are run: here, or looked up in the English page's run. */
    private interface Runner {
        DocSession.Result run(String command, long timeout) throws Exception;
    }

    private static Runner liveRun(DocSession session, MarkdownDoc.Block block) {
        return (command, timeout) -> {
            if (block.has("background")) {
                return session.startServer(command, Pattern.compile(block.get("ready")), timeout);
            }
            if (block.has("bounded")) {
                return session.run(command, Long.parseLong(block.get("bounded")),
                        block.has("ready") ? Pattern.compile(block.get("ready")) : null);
            }
            return session.run(command, timeout, null);
        };
    }

    private static Runner replay(Iterator<DocSession.Result> englishRun, String where) {
        return (command, timeout) -> {
            assertTrue(englishRun.hasNext(), () -> where + ": `" + command + "` has no result in the English page's run");
            return englishRun.next();
        };
    }

    private static void runGiven(DocSession session, MarkdownDoc.Block block, String where) throws Exception {
        if (block.has("given")) {
            DocSession.Result given = session.run(block.get("given"), 60, null);
            assertEquals(0, given.exit(), () -> where + ": given `" + block.get("given") + "` failed:\n"
                    + String.join("\n", given.lines()));
        }
    }

    private static void checkBlock(MarkdownDoc.Block block, String where, Runner runner, List<DocSession.Result> results)
            throws Exception {
        ConsoleBlock console = ConsoleBlock.parse(block.lines());
        long timeout = block.has("timeout") ? Long.parseLong(block.get("timeout")) : 180;
        for (ConsoleBlock.Step step : console.steps()) {
            String command = step.command().replace("\\\n", " ");
            long start = System.nanoTime();
            DocSession.Result result = runner.run(command, timeout);
            System.out.printf("[docs] %s: %.1f s: %s%n", where, (System.nanoTime() - start) / 1e9,
                    command.length() > 110 ? command.substring(0, 110) + "…" : command);
            results.add(result);
            if (block.has("background")) {
                if (result.timedOut()) {
                    fail(where + ": `" + command + "` did not print a line matching /" + block.get("ready") + "/ within "
                            + timeout + " s; it printed:\n" + String.join("\n", result.lines()));
                }
            } else if (!block.has("bounded")) {
                if (result.timedOut()) {
                    fail(where + ": `" + command + "` did not finish within " + timeout + " s; it printed:\n"
                            + String.join("\n", result.lines()));
                }
                int exit = block.has("exit") ? Integer.parseInt(block.get("exit")) : 0;
                assertEquals(exit, result.exit(), () -> where + ": exit status of `" + command + "`; it printed:\n"
                        + String.join("\n", result.lines()));
            }
            if (!OutputMatcher.matches(step.expected(), result.lines())) {
                fail(where + ": `" + command + "` printed what the page does not show.\n--- page:\n"
                        + String.join("\n", step.expected()) + "\n--- actual:\n" + String.join("\n", result.lines()));
            }
        }
    }

    private static String missingTool(MarkdownDoc.Block block) {
        if (!block.has("requires")) {
            return null;
        }
        for (String tool : block.get("requires").split("[ ,]+")) {
            if (!onPath(tool)) {
                return tool;
            }
        }
        return null;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Files a page's commands wrote into the checkout (threads.txt, profiles) are removed again. */
    private static Set<String> untracked() throws IOException, InterruptedException {
        // A worktree has a .git file, a clone a .git directory.
        if (!Files.exists(ROOT.resolve(".git"))) {
            return Set.of();
        }
        Process git = new ProcessBuilder("git", "ls-files", "--others", "--exclude-standard").directory(ROOT.toFile()).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        git.waitFor();
        return out.lines().collect(Collectors.toSet());
    }

    private static void cleanUp(Set<String> before) throws IOException, InterruptedException {
        for (String file : untracked()) {
            // Sources are kept, except a test a page put into an exercise (the reader's own test).
            boolean exerciseTest = file.startsWith("exercises/") && file.contains("/src/test/");
            if (!before.contains(file) && !file.startsWith("docs/") && (!file.contains("/src/") || exerciseTest)) {
                Files.deleteIfExists(ROOT.resolve(file));
            }
        }
    }

    @Test
    void everyCodeListingStandsInItsSource() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            for (MarkdownDoc.Block block : MarkdownDoc.read(page).blocks()) {
                if (!block.has("source")) {
                    continue;
                }
                Path source = ROOT.resolve(block.get("source"));
                if (editedExercise(block.get("source"))) {
                    continue;
                }
                if (!Files.exists(source)) {
                    problems.add(ROOT.relativize(page) + ":" + block.line() + ": no such source " + block.get("source"));
                    continue;
                }
                List<String> file = Files.readAllLines(source, StandardCharsets.UTF_8);
                if (!containsRun(file, block.lines())) {
                    problems.add(ROOT.relativize(page) + ":" + block.line() + ": this listing is not (or no longer) in "
                            + block.get("source"));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** An exercise a learner has edited that the page runs or quotes: the page shows what it no longer prints. */
    static Optional<ShippedExercise.Exercise> editedExerciseShown(Path page) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        return Stream.of(ShippedExercise.Exercise.values())
                .filter(exercise -> text.contains(exercise.path()))
                .filter(exercise -> exercise.isEdited(ROOT)).findFirst();
    }

    private static boolean editedExercise(String path) {
        return Stream.of(ShippedExercise.Exercise.values()).anyMatch(exercise -> path.startsWith(exercise.path() + "/")
                && exercise.isEdited(ROOT));
    }

    static boolean containsRun(List<String> file, List<String> listing) {
        List<String> wanted = listing.stream().map(String::strip).filter(l -> !l.isEmpty()
                && !l.equals("// ...") && !l.equals("...")).collect(Collectors.toList());
        List<String> have = file.stream().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        if (wanted.isEmpty()) {
            return false;
        }
        outer:
        for (int start = 0; start + wanted.size() <= have.size(); start++) {
            for (int i = 0; i < wanted.size(); i++) {
                if (!have.get(start + i).equals(wanted.get(i))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void bothLanguagesHaveTheSameStepsAndCommands() throws IOException {
        Path en = ROOT.resolve("docs/en");
        Path ja = ROOT.resolve("docs/ja");
        Assumptions.assumeTrue(Files.isDirectory(en), "no docs/en yet");
        List<String> enPages;
        try (Stream<Path> files = Files.list(en)) {
            enPages = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().collect(Collectors.toList());
        }
        List<String> jaPages;
        try (Stream<Path> files = Files.list(ja)) {
            jaPages = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md") && !n.equals(JaTermsTest.TERMS_PAGE)).sorted().collect(Collectors.toList());
        }
        assertEquals(enPages, jaPages, "docs/en and docs/ja must have the same pages (docs/ja/" + JaTermsTest.TERMS_PAGE
                + ", the spelling table, is Japanese only)");
        for (String name : enPages) {
            assertEquals(commands(en.resolve(name)), commands(ja.resolve(name)),
                    name + ": the English and Japanese pages must run the same commands in the same order");
        }
    }

    private static List<String> commands(Path page) throws IOException {
        List<String> commands = new ArrayList<>();
        for (MarkdownDoc.Block block : MarkdownDoc.read(page).blocks()) {
            if (block.language().equals("console")) {
                commands.add(block.directives().toString());
                ConsoleBlock.parse(block.lines()).steps().forEach(s -> commands.add(s.command()));
            }
        }
        return commands;
    }

    @Test
    void everyLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>(pages());
        pages.add(ROOT.resolve("README.md"));
        if (Files.exists(ROOT.resolve("docs/README.md"))) {
            pages.add(ROOT.resolve("docs/README.md"));
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            for (MarkdownDoc.Link link : MarkdownDoc.read(page).links()) {
                String target = link.target();
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + target);
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !MarkdownDoc.read(resolved).anchors().contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), () -> "links that lead nowhere:\n" + String.join("\n", broken));
    }
}
