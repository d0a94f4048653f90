package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Suite level, goleak's {@code VerifyTestMain}, and the session side of {@code threadleak.mode}.
 * Registered through {@code META-INF/services}, inert unless switched on:
 *
 * <pre>
 * # src/test/resources/junit-platform.properties (or -Dthreadleak.verifySession=true)
 * threadleak.verifySession=true
 * threadleak.verifySession.timeoutMillis=2000
 * </pre>
 *
 * <p>With {@code threadleak.verifySession=true} the snapshot is taken when the launcher session
 * opens and checked when it closes; a leak throws {@link ThreadLeakError} from
 * {@code launcherSessionClosed}. With {@code threadleak.mode=fail} it switches Jupiter's extension
 * auto-detection on for {@link ThreadLeakRunExtension} alone (unless the project configures
 * auto-detection itself), and fails the session with the leaks no test class could report.
 */
public final class ThreadLeakSessionListener implements LauncherSessionListener {

    /** {@code true} switches the session check on. */
    public static final String ENABLED = "threadleak.verifySession";
    /** The budget in milliseconds; default 500. */
    public static final String TIMEOUT_MILLIS = "threadleak.verifySession.timeoutMillis";
    /** Interrupt leaked threads after reporting them; default false. */
    public static final String INTERRUPT_LEAKED = "threadleak.verifySession.interruptLeaked";

    static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
    static final String AUTODETECTION_INCLUDE = "junit.jupiter.extensions.autodetection.include";

    private final Function<String, Optional<String>> configuration;
    private volatile ThreadSnapshot baseline;
    /** System properties this listener set, to be cleared when the session closes. */
    private final Map<String, String> setProperties = new LinkedHashMap<>();

    /** Reads system properties first, then {@code junit-platform.properties} on the class path. */
    public ThreadLeakSessionListener() {
        this(RunSettings::systemPropertyOrPropertiesFile);
    }

    /** Reads settings from {@code configuration} (tests, launchers with their own settings). */
    public ThreadLeakSessionListener(Function<String, Optional<String>> configuration) {
        this.configuration = configuration;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (configuration.apply(RunSettings.MODE).map(m -> m.trim().equalsIgnoreCase("fail")).orElse(false)
                && configuration.apply(AUTODETECTION).isEmpty()) {
            // Jupiter reads its configuration parameters from system properties when the launcher has none.
            setProperty(AUTODETECTION, "true");
            if (configuration.apply(AUTODETECTION_INCLUDE).isEmpty()) {
                setProperty(AUTODETECTION_INCLUDE, ThreadLeakRunExtension.class.getName());
            }
        }
        if (configuration.apply(ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            ThreadStartTracker.shared();
            baseline = ThreadSnapshot.takeNow();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        setProperties.keySet().forEach(System::clearProperty);
        setProperties.clear();
        Optional<ThreadLeakError> runLeaks = ThreadLeakListener.takeLeftForTheSession();
        if (runLeaks.isPresent()) {
            throw runLeaks.get();
        }
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
        ThreadLeakError error = ThreadLeaks.check(options, null).errorOf("test run (" + ENABLED + "=true)", options);
        if (error != null) {
            // Also on stderr: some launchers print only the exception's first line.
            System.err.println("[threadleak] " + error.getMessage());
            throw error;
        }
    }

    private void setProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            setProperties.put(key, value);
        }
    }
}
