package dev.threadprofiling.threadprof.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where {@code threadprof list} looks for sources: {@code --source-path}, or the repository's {@code src/main/java} roots. */
final class SourceRoots {

    private static final int MAX_DEPTH = 8;

    private SourceRoots() {
    }

    /** {@code DIR[:DIR…]} as given. */
    static List<Path> fromPath(String sourcePath) {
        List<Path> roots = new ArrayList<>();
        for (String dir : sourcePath.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                roots.add(Path.of(dir));
            }
        }
        return roots;
    }

    /** The repository root: the nearest directory at or above {@code start} holding {@code mvnw}. */
    static Optional<Path> repositoryRoot(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        for (int i = 0; i < 64 && dir != null; i++) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** Every {@code src/main/java} under {@code root}, sorted, skipping {@code target} and hidden folders. */
    static List<Path> discover(Path root) {
        try (Stream<Path> dirs = Files.walk(root, MAX_DEPTH)) {
            return dirs.filter(Files::isDirectory)
                    .filter(p -> p.endsWith(Path.of("src", "main", "java")))
                    .filter(p -> isSourceFolder(root.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list source folders under " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSourceFolder(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") || part.toString().equals("target")) {
                return false;
            }
        }
        return true;
    }
}
