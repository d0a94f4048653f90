package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.DefaultFilters;
import dev.threadprofiling.threadleak.NoisePreset;
import dev.threadprofiling.threadleak.TestCheck;
import dev.threadprofiling.threadleak.ThreadLeakOptions;
import dev.threadprofiling.threadleak.ThreadLeaks;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaks;
import java.util.List;
import java.util.Set;
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
        ThreadLeakListener.Run run = RunState.current();
        if (run == null || run.settings().mode() != RunSettings.Mode.FAIL
                || run.settings().verdict() != RunSettings.Verdict.WAIT || run.settings().scope() != RunSettings.Scope.TEST
                || annotated(context)) {
            return;
        }
        context.getStore(NAMESPACE).put(BASELINE, ThreadLeaks.snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ThreadSnapshot baseline = context.getStore(NAMESPACE).remove(BASELINE, ThreadSnapshot.class);
        ThreadLeakListener.Run run = RunState.current();
        if (baseline == null || run == null) {
            return;
        }
        ThreadLeakOptions options = ThreadLeakOptions.defaults().withTimeout(run.settings().waitBudget()).withBaseline(baseline);
        for (NoisePreset preset : run.settings().presets()) {
            options = options.withIgnore("preset " + preset.id(), preset::matches);
        }
        String subject = "test " + context.getDisplayName();
        TestCheck.verify(subject, context.getTestClass().map(Class::getName).orElse(null), options,
                run.parallel ? Set.of(DefaultFilters.idOf(Thread.currentThread())) : null,
                note -> System.err.println("[threadleak] " + subject + ": " + note));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ThreadLeakListener.Run run = RunState.current();
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
            throw RunReport.error(subject, leaks, run.settings());
        }
    }

    private static boolean annotated(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyNoThreadLeaks.class)).orElse(false)
                || context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, VerifyNoThreadLeaks.class)).orElse(false);
    }
}
