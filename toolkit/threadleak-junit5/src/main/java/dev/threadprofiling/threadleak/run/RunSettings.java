package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.NoisePreset;
import dev.threadprofiling.threadleak.ThreadLeakOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The run-wide switch, read from JUnit configuration parameters (a system property or
 * {@code junit-platform.properties}): {@code threadleak.mode=off|report|fail} and the rest.
 */
record RunSettings(Mode mode, Scope scope, Duration grace, Verdict verdict, Duration waitBudget,
        List<NoisePreset> presets, Path reportDir, boolean endWait) {

    static final String MODE = "threadleak.mode";
    static final String SCOPE = "threadleak.scope";
    static final String GRACE_MILLIS = "threadleak.graceMillis";
    static final String VERDICT = "threadleak.verdict";
    static final String WAIT_MILLIS = "threadleak.waitMillis";
    static final String PRESETS = "threadleak.presets";
    static final String REPORT_DIR = "threadleak.reportDir";
    static final String END_WAIT = "threadleak.endWait";

    /**
     * goleak's budget would flag a thread that ends 1 s later. 7 s lets a thread that sleeps 5 s (a
     * start-up watcher such as Javalin's), started as its test ends, end before its verdict, with
     * 2 s to spare for a loaded machine and the 200 ms tick of the verdicts.
     */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(7);

    static final RunSettings OFF = new RunSettings(Mode.OFF, Scope.TEST, DEFAULT_GRACE, Verdict.DEFERRED,
            ThreadLeakOptions.DEFAULT_TIMEOUT, List.of(), Path.of("target"), true);

    enum Mode { OFF, REPORT, FAIL }

    /** Whose threads a new thread is charged to: the test, the class, or the whole run. */
    enum Scope { TEST, CLASS, SESSION }

    /** Fail mode: deferred (a leak fails its class, or the last class, once its grace is over) or wait (per test, as @VerifyNoThreadLeaks). */
    enum Verdict { DEFERRED, WAIT }

    /** {@code threadleak.endWait}: true or false, parsed like every other setting. */
    private enum Switch { TRUE, FALSE }

    /** Whether the end of the run waits for the suspects still in their grace period: always in fail mode. */
    boolean waitsAtTheEnd() {
        return mode == Mode.FAIL || endWait;
    }

    boolean on() {
        return mode != Mode.OFF;
    }

    /** Reads the settings; an unknown value fails with a message that lists the allowed ones. */
    static RunSettings from(Function<String, Optional<String>> configuration) {
        Mode mode = parse(configuration, MODE, Mode.class, Mode.OFF);
        if (mode == Mode.OFF) {
            return OFF;
        }
        Scope scope = parse(configuration, SCOPE, Scope.class, Scope.TEST);
        Verdict verdict = parse(configuration, VERDICT, Verdict.class, Verdict.DEFERRED);
        Duration grace = millis(configuration, GRACE_MILLIS, DEFAULT_GRACE);
        Duration waitBudget = millis(configuration, WAIT_MILLIS, ThreadLeakOptions.DEFAULT_TIMEOUT);
        List<NoisePreset> presets = new ArrayList<>();
        for (String name : configuration.apply(PRESETS).orElse("").split(",")) {
            if (!name.isBlank()) {
                presets.add(NoisePreset.named(name.trim()));
            }
        }
        Path dir = configuration.apply(REPORT_DIR).map(Path::of).orElseGet(RunSettings::buildDirectory);
        boolean endWait = parse(configuration, END_WAIT, Switch.class, Switch.TRUE) == Switch.TRUE;
        return new RunSettings(mode, scope, grace, verdict, waitBudget, List.copyOf(presets),
                dir.toAbsolutePath().normalize(), endWait);
    }

    /** {@code build} next to a Gradle build file, else Maven's {@code target}. */
    private static Path buildDirectory() {
        boolean gradle = Files.exists(Path.of("build.gradle")) || Files.exists(Path.of("build.gradle.kts"));
        return Path.of(gradle ? "build" : "target");
    }

    private static <E extends Enum<E>> E parse(Function<String, Optional<String>> configuration, String key,
            Class<E> type, E fallback) {
        Optional<String> value = configuration.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(key + "=" + value.get() + ": expected one of " + allowed, e);
        }
    }

    private static Duration millis(Function<String, Optional<String>> configuration, String key, Duration fallback) {
        Optional<String> value = configuration.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value.get());
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=" + value.get() + ": expected a number of milliseconds, 0 or more");
    }

    /** System properties first, then {@code junit-platform.properties} on the class path: what a launcher session can read. */
    static Optional<String> systemPropertyOrPropertiesFile(String key) {
        String value = System.getProperty(key);
        if (value != null) {
            return Optional.of(value);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = RunSettings.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream("junit-platform.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty(key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read junit-platform.properties", e);
        }
    }
}
