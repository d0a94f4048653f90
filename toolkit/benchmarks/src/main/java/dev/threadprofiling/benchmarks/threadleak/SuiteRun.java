package dev.threadprofiling.benchmarks.threadleak;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.Arrays;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * One run of the generated suite in a JVM of its own, as a build tool runs it: a launcher session
 * with every listener the class path registers (threadleak's, when its jar is there), settings from
 * system properties. Prints {@code tests=N succeeded=N failed=N session=ok|failed}.
 */
public final class SuiteRun {

    private SuiteRun() {
    }

    public static void main(String[] args) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String session = "ok";
        LauncherSession launcherSession = LauncherFactory.openSession();
        try {
            ClassSelector[] classes = Arrays.stream(GeneratedSuite.CLASSES).map(c -> selectClass(c))
                    .toArray(ClassSelector[]::new);
            launcherSession.getLauncher().execute(request().selectors(classes).build(), summary);
        } finally {
            try {
                launcherSession.close();
            } catch (AssertionError e) {
                session = "failed";
            }
        }
        long containersFailed = summary.getSummary().getContainersFailedCount();
        System.out.println("tests=" + summary.getSummary().getTestsFoundCount()
                + " succeeded=" + summary.getSummary().getTestsSucceededCount()
                + " failed=" + summary.getSummary().getTestsFailedCount()
                + " classesFailed=" + containersFailed + " session=" + session);
    }
}
