package dev.threadprofiling.docs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class in a JVM of its own and prints what failed: {@link LearnerListingsTest} runs a
 * page's test listing with it, against the exercise and against the fixed step.
 *
 * <p>Exit status 0 when every test passed (and there was one), 1 otherwise, 2 on bad arguments.
 */
public final class ListingRunner {

    private ListingRunner() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: ListingRunner <test class name>");
            System.exit(2);
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0])).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        for (TestExecutionSummary.Failure failure : summary.getFailures()) {
            System.out.println("FAILED " + failure.getTestIdentifier().getDisplayName() + ": " + failure.getException());
        }
        System.out.printf("%d tests, %d failed%n", summary.getTestsFoundCount(), summary.getTotalFailureCount());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
