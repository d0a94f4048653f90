package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Suite level, goleak's {@code VerifyTestMain}: fails the run when threads started during it are
 * still alive at its end. Registered through {@code META-INF/services}, inert unless switched on:
 *
 * <pre>
 * # src/test/resources/junit-platform.properties (or -Dthreadleak.verifySession=true)
 * threadleak.verifySession=true
 * threadleak.verifySession.timeoutMillis=2000
 * </pre>
 *
 * <p>The snapshot is taken when the launcher session opens and checked when it closes; a leak throws
 * {@link ThreadLeakError} from {@code launcherSessionClosed}. Surefire reports it as an error of the
 * forked test JVM and fails the build (see the module README).
 */
public final class ThreadLeakSessionListener implements LauncherSessionListener {

    /** {@code true} switches the session check on. */
    public static final String ENABLED = "threadleak.verifySession";
    /** The budget in milliseconds; default 500. */
    public static final String TIMEOUT_MILLIS = "threadleak.verifySession.timeoutMillis";
    /** Interrupt leaked threads after reporting them; default false. */
    public static final String INTERRUPT_LEAKED = "threadleak.verifySession.interruptLeaked";

    private final Function<String, Optional<String>> configuration;
    private volatile ThreadSnapshot baseline;

    /** Reads system properties first, then {@code junit-platform.properties} on the class path. */
    public ThreadLeakSessionListener() {
        this(ThreadLeakSessionListener::systemPropertyOrPropertiesFile);
    }

    /** Reads settings from {@code configuration} (tests, launchers with their own settings). */
    public ThreadLeakSessionListener(Function<String, Optional<String>> configuration) {
        this.configuration = configuration;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (configuration.apply(ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            ThreadStartTracker.shared();
            baseline = ThreadSnapshot.takeNow();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ThreadSnapshot start = baseline;
        baseline = null;
        if (start == null) {
            return;
        }
        ThreadLeakOptions options = ThreadLeakOptions.defaults()
                .withBaseline(start)
                .withTimeout(Duration.ofMillis(configuration.apply(TIMEOUT_MILLIS).map(Long::parseLong)
                        .orElse(ThreadLeakOptions.DEFAULT_TIMEOUT.toMillis())))
                .withInterruptLeaked(configuration.apply(INTERRUPT_LEAKED).map(Boolean::parseBoolean).orElse(false));
        ThreadLeaks.Result result = ThreadLeaks.check(options, null);
        if (!result.leaks().isEmpty()) {
            // Also on stderr: some launchers print only the exception's first line.
            ThreadLeakError error = errorOf(result, options);
            System.err.println("[threadleak] " + error.getMessage());
            throw error;
        }
    }

    private static ThreadLeakError errorOf(ThreadLeaks.Result result, ThreadLeakOptions options) {
        try {
            result.throwIfLeaked("test run (" + ENABLED + "=true)", options);
        } catch (ThreadLeakError e) {
            return e;
        }
        throw new IllegalStateException("no leak to report");
    }

    private static Optional<String> systemPropertyOrPropertiesFile(String key) {
        String value = System.getProperty(key);
        if (value != null) {
            return Optional.of(value);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ThreadLeakSessionListener.class.getClassLoader();
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
