package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The three layers point one way, read from the sources (threadprof's LayerDirectionTest, for this
 * module): the core ({@code dev.threadprofiling.threadleak}: snapshot, options, checks, report)
 * imports neither mode; the annotation mode ({@code .annotation}) imports the core only; the
 * run-wide mode ({@code .run}) imports the core only. The one exception is the annotation's own
 * declaration, {@code VerifyNoThreadLeaks}, whose {@code @ExtendWith} names its extension: users
 * import it from the core's package, as they did before the layers.
 */
class LayerDirectionTest {

    private static final String ROOT = "dev.threadprofiling.threadleak";
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "threadprofiling", "threadleak");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    /** A name of ours written out in full instead of imported would dodge the rule: none allowed. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<!^import )(?<!^import static )\\bdev\\.threadprofiling\\.threadleak\\.(annotation|run)\\.",
            Pattern.MULTILINE);

    /** For each layer ("" for the core), the layers it may import besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of(),
            "annotation", Set.of(""),
            "run", Set.of(""));

    /** The one import against the direction: the annotation's declaration names its extension. */
    private static final String EXCEPTION = "VerifyNoThreadLeaks.java imports " + ROOT + ".annotation";

    @Test
    void importsPointOneWay() {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String layer = layerOf(file);
            String text = read(file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String imported = m.group(1);
                if (!imported.equals(ROOT) && !imported.startsWith(ROOT + ".")) {
                    continue;
                }
                String target = imported.equals(ROOT) ? "" : imported.substring(ROOT.length() + 1).split("\\.")[0];
                if (target.equals("shaded")) {
                    continue;
                }
                String finding = file.getFileName() + " imports " + imported;
                if (!target.equals(layer) && !ALLOWED.get(layer).contains(target) && !finding.equals(EXCEPTION)) {
                    wrong.add(finding + ": layer '" + layer + "' may import only " + ALLOWED.get(layer));
                }
            }
            for (String line : text.split("\n")) {
                if (!line.startsWith("import ") && QUALIFIED.matcher(line).find() && !line.trim().startsWith("*")
                        && !line.trim().startsWith("//")) {
                    wrong.add(file.getFileName() + " names a mode's class in full: " + line.trim());
                }
            }
        }
        assertEquals(List.of(), wrong, "imports against the layers' direction");
    }

    @Test
    void everyFileIsInALayer() {
        List<Path> files = sources();
        assertTrue(files.size() > 20, "the sources are found from " + Path.of("").toAbsolutePath());
        for (Path file : files) {
            assertTrue(ALLOWED.containsKey(layerOf(file)), file + " is in a package the rules do not know");
        }
    }

    @Test
    void theRuleSeesAnImportAgainstTheDirection() {
        // The check itself, on a line it must refuse: the core importing the run-wide mode.
        Matcher m = IMPORT.matcher("import dev.threadprofiling.threadleak.run.RunSettings;\n");
        assertTrue(m.find());
        String target = m.group(1).substring(ROOT.length() + 1).split("\\.")[0];
        assertEquals("run", target);
        assertTrue(!ALLOWED.get("").contains(target));
    }

    private static String layerOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
