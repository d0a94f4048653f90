package dev.threadprofiling.threadprof;

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
 * The direction of imports that toolkit/README.md draws, read from the sources: capture → dump → model,
 * dump → format → model, web → format → model; model imports nothing of ours; capture and format never import each
 * other; the core has no Javalin or Micrometer.
 */
class ImportDirectionTest {

    private static final String ROOT = "dev.threadprofiling.threadprof";
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "threadprofiling", "threadprof");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    /** For each core package, the packages of ours it may import (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "capture", Set.of("model", "dump"),
            "dump", Set.of("model", "format"),
            "format", Set.of("model"),
            "web", Set.of("model", "format"));

    /** Libraries the core must not use: they belong to threadprof-javalin. */
    private static final List<String> FORBIDDEN_LIBRARIES = List.of("io.javalin", "io.micrometer", "org.eclipse.jetty");

    @Test
    void importsPointOneWay() {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            for (String imported : imports(file)) {
                FORBIDDEN_LIBRARIES.stream().filter(imported::startsWith).forEach(lib ->
                        wrong.add(file + " imports " + imported + ": the core has no " + lib + " (threadprof-javalin does)"));
                if (!imported.startsWith(ROOT + ".") || pkg == null) {
                    continue;
                }
                String target = imported.substring(ROOT.length() + 1).split("\\.")[0];
                if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
                    wrong.add(file + " imports " + imported + ": " + pkg + " may import only " + ALLOWED.get(pkg));
                }
            }
        }
        assertEquals(List.of(), wrong, "imports against the direction in toolkit/README.md");
    }

    @Test
    void everyCorePackageHasARule() {
        List<Path> files = sources();
        assertTrue(files.size() > 20, "the core's sources are found from " + Path.of("").toAbsolutePath());
        for (Path file : files) {
            String pkg = packageOf(file);
            assertTrue(pkg == null || ALLOWED.containsKey(pkg), file + " is in a package the rules do not know: " + pkg);
        }
    }

    /** {@code model} for .../threadprof/model/Foo.java; {@code null} for the root package. */
    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? null : relative.getName(0).toString();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> imports(Path file) {
        try {
            List<String> imported = new ArrayList<>();
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                imported.add(m.group(1));
            }
            return imported;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
