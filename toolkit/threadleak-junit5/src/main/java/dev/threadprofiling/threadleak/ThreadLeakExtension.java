package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.ThreadStartTracker;
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

/** The extension behind {@link VerifyNoThreadLeaks}; its state lives in the JUnit store. */
class ThreadLeakExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);
    private static final String BASELINE = "baseline";
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
    /** Every thread that has run a test or a class's callbacks in this JVM. */
    private static final Set<Long> TEST_THREADS = ConcurrentHashMap.newKeySet();

    /** The baseline and the threads the test ran on (several for a class under parallel execution). */
    private record Watch(ThreadSnapshot baseline, Set<Long> testThreads) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Start JFR before any baseline so that its own threads are part of it.
        ThreadStartTracker.shared();
        if (scopeOf(context) == VerifyNoThreadLeaks.Scope.PER_CLASS) {
            context.getStore(NAMESPACE).put(BASELINE, newWatch());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ThreadStartTracker.shared();
        if (scopeOf(context) == VerifyNoThreadLeaks.Scope.PER_TEST) {
            context.getStore(NAMESPACE).put(BASELINE, newWatch());
        } else {
            Watch classWatch = context.getParent().map(p -> p.getStore(NAMESPACE).get(BASELINE, Watch.class))
                    .orElse(null);
            if (classWatch != null) {
                classWatch.testThreads().add(currentThreadId());
            }
            TEST_THREADS.add(currentThreadId());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (scopeOf(context) == VerifyNoThreadLeaks.Scope.PER_TEST) {
            verify(context, "test " + context.getDisplayName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (scopeOf(context) == VerifyNoThreadLeaks.Scope.PER_CLASS) {
            verify(context, "class " + context.getDisplayName());
        }
    }

    private static void verify(ExtensionContext context, String subject) {
        Watch watch = context.getStore(NAMESPACE).remove(BASELINE, Watch.class);
        if (watch == null) {
            return;
        }
        VerifyNoThreadLeaks settings = settingsOf(context).orElseThrow();
        ThreadLeakOptions options = ThreadLeakOptions.defaults()
                .withTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .withInterruptLeaked(settings.interruptLeaked())
                .withBaseline(watch.baseline());
        Attribution attribution = runsInParallel(context)
                ? new Attribution(watch.testThreads(), watch.baseline(), ThreadStartTracker.shared(), TEST_THREADS)
                : null;
        ThreadLeaks.Result result = ThreadLeaks.check(options, attribution);
        if (result.leaks().isEmpty() && !result.unattributed().isEmpty()) {
            String note = LeakReport.unattributedNote(result.unattributed());
            context.publishReportEntry("threadleak", note);
            System.err.println("[threadleak] " + subject + ": " + note);
        }
        result.throwIfLeaked(subject, options);
    }

    private static Watch newWatch() {
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        threads.add(currentThreadId());
        TEST_THREADS.add(currentThreadId());
        return new Watch(ThreadSnapshot.takeNow(), threads);
    }

    private static boolean runsInParallel(ExtensionContext context) {
        return context.getExecutionMode() == ExecutionMode.CONCURRENT
                && context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
    }

    private static VerifyNoThreadLeaks.Scope scopeOf(ExtensionContext context) {
        return settingsOf(context).map(VerifyNoThreadLeaks::scope).orElse(VerifyNoThreadLeaks.Scope.PER_TEST);
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

    private static long currentThreadId() {
        return DefaultFilters.idOf(Thread.currentThread());
    }
}
