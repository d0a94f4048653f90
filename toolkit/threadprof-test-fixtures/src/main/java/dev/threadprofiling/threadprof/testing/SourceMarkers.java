package dev.threadprofiling.threadprof.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lines of the fixtures' sources that a comment marks, such as {@code // waits: lock}: where a
 * test expects a profile to point.
 */
public final class SourceMarkers {

    private SourceMarkers() {
    }

    /** A source folder of this module in the checkout: {@code java}, or {@code java21} for the Java 21+ fixtures. */
    public static Path sourceRoot(String folder) {
        return Path.of(System.getProperty("workbook.root", "../..")).resolve("toolkit/threadprof-test-fixtures/src/main")
                .resolve(folder);
    }

    /** The 1-based line of {@code type}'s source file under {@code folder} that ends with {@code marker}. */
    public static int lineOf(String folder, Class<?> type, String marker) throws IOException {
        Class<?> outer = type;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        Path file = sourceRoot(folder).resolve(outer.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line of " + file + " ends with '" + marker + "'");
    }
}
