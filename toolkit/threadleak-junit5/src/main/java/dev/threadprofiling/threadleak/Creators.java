package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The line a leak report names as a thread's creator. The first frame of the test class, or of code
 * its own module compiled (its test or main output directory), comes before any library rule: a
 * framework's own tests live in packages that {@code ApplicationFrames} counts as the library's, and
 * they still get their own lines. Without such a frame, threadprof's rule ({@link CreationSite#caller()}:
 * the first application frame).
 */
public final class Creators {

    /** Build directory of each test class's module ({@code target}, {@code build}), or empty (a jar, not known). */
    private static final Map<String, Optional<Path>> BUILD_DIRS = new ConcurrentHashMap<>();
    /** Whether a class was compiled into a build directory: "dir|class" → answer. */
    private static final Map<String, Boolean> COMPILED_IN = new ConcurrentHashMap<>();

    private Creators() {
    }

    /** The creator of a thread started at {@code site}, for a leak charged to {@code testClass} (or {@code null}). */
    public static StackFrame creatorOf(CreationSite site, String testClass) {
        if (site == null) {
            return null;
        }
        if (testClass != null) {
            Optional<Path> buildDir = BUILD_DIRS.computeIfAbsent(testClass, Creators::buildDirOf);
            for (StackFrame frame : site.frames()) {
                if (ofClass(frame, testClass) || buildDir.isPresent() && compiledIn(frame.className(), buildDir.get())) {
                    return frame;
                }
            }
        }
        return site.caller();
    }

    private static boolean ofClass(StackFrame frame, String className) {
        return frame.className().equals(className) || frame.className().startsWith(className + "$");
    }

    private static boolean compiledIn(String className, Path buildDir) {
        return COMPILED_IN.computeIfAbsent(buildDir + "|" + className,
                k -> location(className).map(dir -> Files.isDirectory(dir) && dir.startsWith(buildDir)).orElse(false));
    }

    /**
     * Maven's {@code target/test-classes} and {@code target/classes} share {@code target}; Gradle's
     * {@code build/classes/java/test} and {@code build/classes/kotlin/main} share {@code build}.
     */
    private static Optional<Path> buildDirOf(String testClass) {
        return location(testClass).filter(Files::isDirectory).map(dir -> {
            for (Path p = dir; p != null; p = p.getParent()) {
                Path name = p.getFileName();
                if (name != null && (name.toString().equals("target") || name.toString().equals("build"))) {
                    return p;
                }
            }
            return dir.getParent() != null ? dir.getParent() : dir;
        });
    }

    /** Where a class was loaded from (its class-path entry), without initialising it. */
    private static Optional<Path> location(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(className, false, loader != null ? loader : Creators.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) {
                return Optional.empty();
            }
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (ClassNotFoundException | LinkageError | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
