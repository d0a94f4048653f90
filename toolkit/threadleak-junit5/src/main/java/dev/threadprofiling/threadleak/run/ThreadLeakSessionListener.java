package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.LeakReport;
import dev.threadprofiling.threadleak.LeakedThread;
import dev.threadprofiling.threadleak.TestCheck;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadleak.ThreadLeakOptions;
import dev.threadprofiling.threadleak.ThreadLeaks;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * auto-detection itself), and fails the session with the leaks no test class could report; and, when
 * the session ran more than one test plan (Surefire's reruns of failing tests), with every leak
 * failure of the session, so that a leak of the first attempt cannot pass as a flake. It opens and
 * closes the session in {@link RunState}, and prints the run's summary when the session closes.
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
        RunState.sessionOpened();
        if (modeIs(RunSettings.Mode.FAIL) && configuration.apply(AUTODETECTION).isEmpty()) {
            // Jupiter reads its configuration parameters from system properties when the launcher has none.
            setProperty(AUTODETECTION, "true");
            if (configuration.apply(AUTODETECTION_INCLUDE).isEmpty()) {
                setProperty(AUTODETECTION_INCLUDE, ThreadLeakRunExtension.class.getName());
            }
        }
        if (configuration.apply(ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            ThreadStartTracker.shared();
            baseline = ThreadLeaks.snapshot();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        setProperties.keySet().forEach(System::clearProperty);
        setProperties.clear();
        RunState.Session ended = RunState.sessionClosed();
        if (ended.summary != null) {
            System.err.println(ended.summary);
        }
        ThreadLeakError runLeaks = runError(ended);
        if (runLeaks != null) {
            System.err.println("[threadleak] " + runLeaks.getMessage());
            throw runLeaks;
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
        try {
            TestCheck.verify("test run (" + ENABLED + "=true)", null, options, null, note -> { });
        } catch (ThreadLeakError error) {
            // Also on stderr: some launchers print only the exception's first line.
            System.err.println("[threadleak] " + error.getMessage());
            throw error;
        }
    }

    /** The mode as the run-wide listener reads it: one parser ({@link RunSettings#from}); off when the value is wrong. */
    private boolean modeIs(RunSettings.Mode mode) {
        try {
            return RunSettings.from(configuration).mode() == mode;
        } catch (IllegalArgumentException e) {
            return false;   // the test plan's listener reports it
        }
    }

    /**
     * Fail mode: the leaks no class failure could report fail the session; and when the session ran more
     * than one test plan (Surefire's reruns of failing tests), the leak failures of every plan fail it
     * again. A failure that is not a test's cannot be rerun, so a leak of the first attempt cannot pass
     * as a flake when the rerun passes.
     */
    private static ThreadLeakError runError(RunState.Session ended) {
        if (ended.settings.mode() != RunSettings.Mode.FAIL) {
            return null;
        }
        boolean rerun = ended.plans > 1 && !ended.failures.isEmpty();
        if (ended.unreported.isEmpty() && !rerun) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        List<LeakedThread> threads = new ArrayList<>();
        if (!ended.unreported.isEmpty()) {
            ThreadLeakError left = RunReport.error("test run (threadleak.mode=fail)", ended.unreported, ended.settings);
            text.append(left.getMessage());
            threads.addAll(left.leaks());
        }
        if (rerun) {
            text.append(text.length() == 0 ? "test run (threadleak.mode=fail): " + LeakReport.HEADER + "\n" : "\n\n")
                    .append(ended.failures.size()).append(ended.failures.size() == 1 ? " leak failure" : " leak failures")
                    .append(" in ").append(ended.plans).append(" test plans (failing tests were run again:")
                    .append(" a leak of the first attempt fails the run even when the rerun passes):");
            for (ThreadLeakError failure : ended.failures) {
                text.append("\n\n").append(failure.getMessage());
                threads.addAll(failure.leaks());
            }
        }
        return new ThreadLeakError(text.toString(), threads);
    }

    private void setProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            setProperties.put(key, value);
        }
    }
}
