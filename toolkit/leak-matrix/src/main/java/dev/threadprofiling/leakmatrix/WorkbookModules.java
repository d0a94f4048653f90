package dev.threadprofiling.leakmatrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The workbook's exercises and solution steps, read from {@code scripts/modules.tsv}: the one list
 * that the scripts ({@code scripts/lib/common.sh}) read too. Each line is
 * {@code chapter<TAB>name<TAB>module<TAB>java}; {@code #} starts a comment.
 *
 * <pre>{@code
 * String exercise = WorkbookModules.find("threads", "exercise").path();   // exercises/profiling/03-threads
 * }</pre>
 */
public final class WorkbookModules {

    /** Relative to the checkout root. */
    public static final String FILE = "scripts/modules.tsv";

    private WorkbookModules() {
    }

    /**
     * One module.
     *
     * @param chapter {@code threads}, {@code threads-virtual}, {@code contention}, …
     * @param name    what a learner types ({@code scripts/check-leaks.sh step1})
     * @param path    the Maven module, relative to the checkout root
     * @param java    the lowest Java feature version that builds it
     */
    public record Module(String chapter, String name, String path, int java) {
    }

    /** The checkout root: {@code -Dworkbook.root}, or the parent directories of the working directory. */
    public static Path root() {
        return Holder.ROOT;
    }

    /** Every module of the checkout ({@link #root()}), in the file's order. */
    public static List<Module> all() {
        return Holder.ALL;
    }

    /** The modules of one chapter, in the file's order. */
    public static List<Module> of(String chapter) {
        return all().stream().filter(m -> m.chapter().equals(chapter)).collect(Collectors.toList());
    }

    /** The module {@code name} of {@code chapter}; throws naming the chapter's modules when there is none. */
    public static Module find(String chapter, String name) {
        List<Module> modules = of(chapter);
        return modules.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no module " + name + " in chapter " + chapter + " of " + FILE + " (modules: "
                        + modules.stream().map(Module::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** Reads a module list; throws naming the line that is not four tab-separated columns. */
    static List<Module> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the module list " + file, e);
        }
        List<Module> modules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 4 || !columns[3].matches("[0-9]+")) {
                throw new IllegalStateException(file + " line " + (i + 1) + " is not \"chapter<TAB>name<TAB>module<TAB>java\": "
                        + line);
            }
            modules.add(new Module(columns[0], columns[1], columns[2], Integer.parseInt(columns[3])));
        }
        return List.copyOf(modules);
    }

    private static Path findRoot() {
        String property = System.getProperty("workbook.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no checkout root above " + Path.of("").toAbsolutePath() + "; set -Dworkbook.root");
        }
        return dir;
    }

    /** Read once, on first use. */
    private static final class Holder {
        static final Path ROOT = findRoot();
        static final List<Module> ALL = read(ROOT.resolve(FILE));
    }
}
