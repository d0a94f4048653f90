package dev.threadprofiling.threadleak;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fail mode of the run-wide check ({@code threadleak.mode=fail}): turns the verdicts of
 * {@link ThreadLeakListener} into failures JUnit and the build report. Registered through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}; in fail mode
 * {@link ThreadLeakSessionListener} switches Jupiter's extension auto-detection on for this class
 * only. Not meant to be used directly.
 *
 * <p>At the end of each top-level class, leaks decided so far fail that class with the grouped
 * report (each group names the tests that leaked it). The last class of the run waits for the
 * suspects still in their grace period and fails with what is left. With
 * {@code threadleak.verdict=wait} each test is also checked on its own, as {@link VerifyNoThreadLeaks} does.
 */
public final class ThreadLeakRunExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ThreadLeakRunExtension.class);
    private static final String BASELINE = "baseline";

    @Override
    public void beforeEach(ExtensionContext context) {
        ThreadLeakListener.Run run = ThreadLeakListener.current();
        if (run == null || run.settings().mode() != RunSettings.Mode.FAIL
                || run.settings().verdict() != RunSettings.Verdict.WAIT || run.settings().scope() != RunSettings.Scope.TEST
                || annotated(context)) {
            return;
        }
        context.getStore(NAMESPACE).put(BASELINE, ThreadSnapshot.takeNow());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ThreadSnapshot baseline = context.getStore(NAMESPACE).remove(BASELINE, ThreadSnapshot.class);
        ThreadLeakListener.Run run = ThreadLeakListener.current();
        if (baseline == null || run == null) {
            return;
        }
        ThreadLeakOptions options = ThreadLeakOptions.defaults().withTimeout(run.settings().waitBudget()).withBaseline(baseline);
        for (NoisePreset preset : run.settings().presets()) {
            options = options.withIgnore("preset " + preset.id(), preset::matches);
        }
        Attribution attribution = run.parallel
                ? new Attribution(java.util.Set.of(DefaultFilters.idOf(Thread.currentThread())), baseline,
                        run.watch.tracker(), run.watch.testThreads())
                : null;
        ThreadLeaks.Result result = ThreadLeaks.check(options, attribution);
        run.watch.alreadyFailed(result.leaks());
        ThreadLeakError error = result.errorOf("test " + context.getDisplayName(), options);
        if (error != null) {
            throw error;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ThreadLeakListener.Run run = ThreadLeakListener.current();
        if (run == null || run.settings().mode() != RunSettings.Mode.FAIL
                || context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            return;
        }
        boolean last = run.isLastClass(context.getUniqueId());
        if (last) {
            run.observeTheRun();
            run.watch.finish(true);
        } else {
            run.watch.decide();
        }
        List<Suspect> leaks = run.watch.takeUnreportedLeaks();
        if (!leaks.isEmpty()) {
            String subject = last ? "threads leaked in the run (checked after its last class, " + context.getDisplayName() + ")"
                    : "threads leaked (decided by the end of class " + context.getDisplayName() + ")";
            throw errorOf(subject, leaks, run.settings());
        }
    }

    static ThreadLeakError errorOf(String subject, List<Suspect> leaks, RunSettings settings) {
        List<LeakedThread> threads = new ArrayList<>();
        for (Suspect leak : leaks) {
            if (leak.sample != null) {
                threads.add(new LeakedThread(leak.sample));
            }
        }
        return new ThreadLeakError(RunReport.failure(subject, leaks, settings), threads);
    }

    private static boolean annotated(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyNoThreadLeaks.class)).orElse(false)
                || context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, VerifyNoThreadLeaks.class)).orElse(false);
    }
}
