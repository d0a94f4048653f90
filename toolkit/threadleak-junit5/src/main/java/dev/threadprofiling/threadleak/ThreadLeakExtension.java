package dev.threadprofiling.threadleak;

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

/** The extension behind {@link VerifyNoThreadLeaks}; its state lives in the JUnit store. */
class ThreadLeakExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);
    private static final String TEST_WATCH = "test";
    private static final String CLASS_WATCH = "class";
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
    /** Every thread that has run a test or a class's callbacks in this JVM. */
    private static final Set<Long> TEST_THREADS = ConcurrentHashMap.newKeySet();

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
            long id = currentThreadId();
            classWatch.testThreads().add(id);
            TEST_THREADS.add(id);
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
        Attribution attribution = runsInParallel(context)
                ? new Attribution(watch.testThreads(), watch.baseline(), ThreadStartTracker.shared(), TEST_THREADS)
                : null;
        ThreadLeaks.Result result = ThreadLeaks.check(options, attribution);
        if (result.leaks().isEmpty() && !result.unattributed().isEmpty()) {
            String note = LeakReport.unattributedNote(result.unattributed());
            context.publishReportEntry("threadleak", note);
            System.err.println("[threadleak] " + subject + ": " + note);
        }
        ThreadLeakListener.Run run = ThreadLeakListener.current();
        if (run != null) {
            run.watch.alreadyFailed(result.leaks());
        }
        ThreadLeakError error = result.errorOf(subject, options);
        if (error != null) {
            throw error;
        }
    }

    private static Watch newWatch(VerifyNoThreadLeaks settings) {
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        long id = currentThreadId();
        threads.add(id);
        TEST_THREADS.add(id);
        return new Watch(ThreadSnapshot.takeNow(), settings, threads);
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

    private static long currentThreadId() {
        return DefaultFilters.idOf(Thread.currentThread());
    }
}
