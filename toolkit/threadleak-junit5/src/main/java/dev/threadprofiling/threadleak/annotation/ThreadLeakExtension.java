package dev.threadprofiling.threadleak.annotation;

import dev.threadprofiling.threadleak.DefaultFilters;
import dev.threadprofiling.threadleak.TestCheck;
import dev.threadprofiling.threadleak.ThreadLeakOptions;
import dev.threadprofiling.threadleak.ThreadLeaks;
import dev.threadprofiling.threadleak.ThreadSnapshot;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaks;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link VerifyNoThreadLeaks}: the annotation mode. Its state lives in the JUnit
 * store; the check itself is the core's {@link TestCheck}. It knows nothing of the run-wide mode.
 */
public final class ThreadLeakExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);
    private static final String TEST_WATCH = "test";
    private static final String CLASS_WATCH = "class";
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    /** The baseline, the settings, and the threads the test ran on (several for a class under parallel execution). */
    private record Watch(ThreadSnapshot baseline, VerifyNoThreadLeaks settings, Set<Long> testThreads) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Start JFR before any baseline so that its own threads are part of it.
        ThreadStartTracker.shared();
        settingsOf(context).filter(s -> s.scope() == VerifyNoThreadLeaks.Scope.PER_CLASS)
                .ifPresent(settings -> context.getStore(NAMESPACE).put(CLASS_WATCH, newWatch(settings)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ThreadStartTracker.shared();
        Optional<VerifyNoThreadLeaks> settings = settingsOf(context);
        if (settings.isPresent() && settings.get().scope() == VerifyNoThreadLeaks.Scope.PER_TEST) {
            context.getStore(NAMESPACE).put(TEST_WATCH, newWatch(settings.get()));
        }
        Watch classWatch = context.getStore(NAMESPACE).get(CLASS_WATCH, Watch.class);
        if (classWatch != null) {
            long id = DefaultFilters.idOf(Thread.currentThread());
            classWatch.testThreads().add(id);
            TestCheck.testRunsOn(id);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        verify(context, TEST_WATCH, "test " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        verify(context, CLASS_WATCH, "class " + context.getDisplayName());
    }

    private static void verify(ExtensionContext context, String key, String subject) {
        Watch watch = context.getStore(NAMESPACE).remove(key, Watch.class);
        if (watch == null) {
            return;
        }
        VerifyNoThreadLeaks settings = watch.settings();
        ThreadLeakOptions options = ThreadLeakOptions.defaults()
                .withTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .withInterruptLeaked(settings.interruptLeaked())
                .withBaseline(watch.baseline());
        TestCheck.verify(subject, context.getTestClass().map(Class::getName).orElse(null), options,
                runsInParallel(context) ? watch.testThreads() : null, note -> {
                    context.publishReportEntry("threadleak", note);
                    System.err.println("[threadleak] " + subject + ": " + note);
                });
    }

    private static Watch newWatch(VerifyNoThreadLeaks settings) {
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        long id = DefaultFilters.idOf(Thread.currentThread());
        threads.add(id);
        TestCheck.testRunsOn(id);
        return new Watch(ThreadLeaks.snapshot(), settings, threads);
    }

    private static boolean runsInParallel(ExtensionContext context) {
        return context.getExecutionMode() == ExecutionMode.CONCURRENT
                && context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
    }

    /** The method's annotation if it has one, else the class's (or an enclosing class's). */
    private static Optional<VerifyNoThreadLeaks> settingsOf(ExtensionContext context) {
        Optional<VerifyNoThreadLeaks> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, VerifyNoThreadLeaks.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<VerifyNoThreadLeaks> onClass = c.get().getTestClass()
                    .flatMap(k -> AnnotationSupport.findAnnotation(k, VerifyNoThreadLeaks.class));
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }
}
