package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Attribution;
import dev.threadprofiling.threadleak.DefaultFilters;
import dev.threadprofiling.threadleak.TestCheck;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadleak.ThreadLeaks;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Checks every test of a run with no edit to any test: registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so JUnit Platform
 * picks it up wherever the jar is on the test class path (Maven Surefire, Gradle, IDEs). Inert
 * unless {@code threadleak.mode} is {@code report} or {@code fail}:
 *
 * <pre>
 * # src/test/resources/junit-platform.properties, or -Dthreadleak.mode=report
 * threadleak.mode=report
 * </pre>
 *
 * <p>Around each test (or class, or the run: {@code threadleak.scope}) it compares thread ids; a
 * thread that is new and alive when the test ends is a suspect of that test at once, with no wait.
 * It becomes a leak only if it is still alive a grace period ({@code threadleak.graceMillis},
 * 7 s) after it was first seen: decided in the background, at the end of each class and at the end
 * of the run. The run's report goes to {@code target/threadleak-report.txt} and {@code .json}, with
 * a short summary on stderr. In fail mode {@link ThreadLeakRunExtension} turns leaks into failures.
 */
public final class ThreadLeakListener implements TestExecutionListener {

    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
    private static final String JUPITER_ENGINE = "[engine:junit-jupiter]";

    private volatile Run run;

    /** One run's state: the verdicts, the plan's top-level classes and the open watches. */
    static final class Run {
        final RunWatch watch;
        final boolean parallel;
        final ThreadSnapshot start;
        final Set<String> topLevelClasses;
        final Set<String> finishedClasses = ConcurrentHashMap.newKeySet();
        final Map<String, Watch> watches = new ConcurrentHashMap<>();
        final TestPlan plan;

        Run(RunWatch watch, boolean parallel, ThreadSnapshot start, Set<String> topLevelClasses, TestPlan plan) {
            this.watch = watch;
            this.parallel = parallel;
            this.start = start;
            this.topLevelClasses = topLevelClasses;
            this.plan = plan;
        }

        RunSettings settings() {
            return watch.settings();
        }

        /** Whether every other top-level class of the plan has finished: this one's end is the run's last chance to fail. */
        boolean isLastClass(String uniqueId) {
            for (String id : topLevelClasses) {
                if (!id.equals(uniqueId) && !finishedClasses.contains(id)) {
                    return false;
                }
            }
            return true;
        }

        /** Charges threads new since the run began, not yet suspected, to the run itself. */
        void observeTheRun() {
            watch.observe(start, Suspect.Owner.RUN, null);
        }
    }

    /** A baseline, who it belongs to and, under parallel execution, the threads that ran it. */
    record Watch(ThreadSnapshot baseline, Suspect.Owner owner, Set<Long> threads) {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        RunSettings settings;
        try {
            settings = RunSettings.from(key -> testPlan.getConfigurationParameters().get(key));
        } catch (IllegalArgumentException e) {
            System.err.println("[threadleak] " + e.getMessage() + ": the leak check is off for this run");
            return;
        }
        if (!settings.on()) {
            return;
        }
        // Start JFR before any baseline so that its own threads are part of it.
        ThreadStartTracker.shared();
        Set<String> classes = ConcurrentHashMap.newKeySet();
        for (TestIdentifier root : testPlan.getRoots()) {
            if (root.getUniqueId().equals(JUPITER_ENGINE)) {
                for (TestIdentifier child : testPlan.getChildren(root)) {
                    if (isClass(child)) {
                        classes.add(child.getUniqueId());
                    }
                }
            }
        }
        boolean parallel = testPlan.getConfigurationParameters().getBoolean(PARALLEL).orElse(false);
        run = new Run(new RunWatch(settings), parallel, ThreadLeaks.snapshot(), classes, testPlan);
        RunState.planStarted(run);
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        Run r = run;
        if (r == null) {
            return;
        }
        RunSettings.Scope scope = r.settings().scope();
        if (identifier.isTest()) {
            long thread = DefaultFilters.idOf(Thread.currentThread());
            TestCheck.testRunsOn(thread);
            addToEnclosingClasses(r, identifier, thread);
            if (scope == RunSettings.Scope.TEST) {
                r.watches.put(identifier.getUniqueId(), newWatch(r, testOwner(identifier)));
            }
        } else if (isClass(identifier) && scope != RunSettings.Scope.SESSION) {
            r.watches.put(identifier.getUniqueId(), newWatch(r, classOwner(identifier, scope)));
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        Run r = run;
        if (r == null) {
            return;
        }
        if (result.getThrowable().orElse(null) instanceof ThreadLeakError failure) {
            RunState.failedWith(failure);
        }
        Watch watch = r.watches.remove(identifier.getUniqueId());
        if (watch != null) {
            Attribution attribution = watch.threads() == null ? null
                    : new Attribution(watch.threads(), watch.baseline(), r.watch.tracker(), TestCheck.testThreads());
            r.watch.observe(watch.baseline(), watch.owner(), attribution);
        }
        if (isClass(identifier)) {
            if (r.settings().scope() == RunSettings.Scope.SESSION) {
                // Seen at each class end, so that the grace period starts before the run ends.
                r.observeTheRun();
            }
            r.finishedClasses.add(identifier.getUniqueId());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        Run r = run;
        if (r != null && isClass(identifier)) {
            r.finishedClasses.add(identifier.getUniqueId());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Run r = run;
        if (r == null) {
            return;
        }
        run = null;
        RunSettings settings = r.settings();
        try {
            r.observeTheRun();
            r.watch.finish(settings.waitsAtTheEnd());
            long waited = r.watch.waitedNanos();
            List<Suspect> unreported = settings.mode() == RunSettings.Mode.FAIL ? r.watch.takeUnreportedLeaks() : List.of();
            RunState.Session session = RunState.planFinished(r, r.watch.all(), unreported, waited);
            RunReport report = new RunReport(settings, session.suspects, session.plans, session.endWaitNanos);
            Path file;
            try {
                file = report.write();
            } catch (IOException e) {
                file = null;
                System.err.println("[threadleak] could not write the report to " + settings.reportDir() + ": " + e);
            }
            if (RunState.sessionOpen()) {
                RunState.summary(report.summary(file));   // printed once, when the session closes
            } else {
                System.err.println(report.summary(file));
            }
        } finally {
            r.watch.close();
        }
    }

    private static Watch newWatch(Run r, Suspect.Owner owner) {
        Set<Long> threads = null;
        if (r.parallel) {
            threads = ConcurrentHashMap.newKeySet();
            threads.add(DefaultFilters.idOf(Thread.currentThread()));
        }
        return new Watch(ThreadLeaks.snapshot(), owner, threads);
    }

    /** Under parallel execution a class's threads are every thread that ran one of its tests. */
    private static void addToEnclosingClasses(Run r, TestIdentifier test, long thread) {
        if (!r.parallel) {
            return;
        }
        Optional<TestIdentifier> parent = r.plan.getParent(test);
        while (parent.isPresent()) {
            Watch watch = r.watches.get(parent.get().getUniqueId());
            if (watch != null && watch.threads() != null) {
                watch.threads().add(thread);
            }
            parent = r.plan.getParent(parent.get());
        }
    }

    static Suspect.Owner testOwner(TestIdentifier test) {
        if (test.getSource().orElse(null) instanceof MethodSource method) {
            return new Suspect.Owner(simpleName(method.getClassName()) + "." + test.getLegacyReportingName(),
                    method.getClassName());
        }
        return new Suspect.Owner(test.getDisplayName(), null);
    }

    private static Suspect.Owner classOwner(TestIdentifier container, RunSettings.Scope scope) {
        String className = ((ClassSource) container.getSource().orElseThrow()).getClassName();
        return new Suspect.Owner(simpleName(className) + (scope == RunSettings.Scope.TEST ? " (outside its tests)" : ""),
                className);
    }

    private static boolean isClass(TestIdentifier identifier) {
        return identifier.isContainer() && identifier.getSource().orElse(null) instanceof ClassSource;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
