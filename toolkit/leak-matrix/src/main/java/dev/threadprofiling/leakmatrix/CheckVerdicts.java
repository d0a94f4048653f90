package dev.threadprofiling.leakmatrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The verdicts a matrix leaves for its check script ({@code scripts/check-leaks.sh},
 * {@code scripts/check-contention.sh}): {@code target/check-verdicts.tsv} of the tested module, one
 * line per check, {@code check<TAB>verdict<TAB>detail}, the verdict one word ({@code fixed},
 * {@code remains}, {@code joined}, {@code not-joined}, …). Each run starts the file afresh, so the
 * script can tell this run's verdicts from an earlier one's.
 */
public final class CheckVerdicts {

    /** Relative to the tested module (the tests' working directory). */
    public static final String FILE = "target/check-verdicts.tsv";

    private final Path file;

    private CheckVerdicts(Path file) {
        this.file = file;
    }

    /** An empty verdict file for this run, in the tested module's {@code target/}. */
    public static CheckVerdicts startRun() {
        return startRun(Path.of("").toAbsolutePath().resolve(FILE));
    }

    static CheckVerdicts startRun(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new CheckVerdicts(file);
    }

    /** Adds one check's line; {@code detail} may be empty. */
    public synchronized void record(String check, String verdict, String detail) {
        if (!verdict.matches("[a-z]+(-[a-z]+)*")) {
            throw new IllegalArgumentException("a verdict is one lower-case word, got '" + verdict + "'");
        }
        if ((check + detail).matches("(?s).*[\t\n\r].*")) {
            throw new IllegalArgumentException("a check or detail holds a tab or a line break: " + check + " / " + detail);
        }
        try {
            Files.writeString(file, check + "\t" + verdict + "\t" + detail + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code n} and the noun, singular for one: "1 thread", "15 threads". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
