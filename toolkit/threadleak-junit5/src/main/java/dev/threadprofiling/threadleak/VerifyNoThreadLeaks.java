package dev.threadprofiling.threadleak;

// The annotation is the core's public name for the annotation mode; its behaviour lives in that layer (LayerDirectionTest allows
// this one import, and only in this file).
import dev.threadprofiling.threadleak.annotation.ThreadLeakExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves threads behind: goleak's {@code defer goleak.VerifyNone(t)} for JUnit 5.
 *
 * <pre>{@code
 * @VerifyNoThreadLeaks
 * class WorkerPoolTest {
 *     @Test
 *     void closesItsWorkers() { ... }   // fails if a thread it started is still alive after 500 ms
 * }
 * }</pre>
 *
 * <p>Before each test (or, with {@link Scope#PER_CLASS}, before all tests of the class) the ids of
 * the live threads are noted; after it, threads that were not there and are still alive after
 * retrying for {@link #timeoutMillis()} fail it with a {@link ThreadLeakError} that names each thread,
 * its state, what it waits on, its stack and where it was started. On a method, the annotation
 * overrides the class's. Under {@code junit.jupiter.execution.parallel.enabled=true} a thread is
 * blamed only on the test whose thread started it, directly or through threads it started.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ThreadLeakExtension.class)
public @interface VerifyNoThreadLeaks {

    /** When threads are compared: around each test (the default) or around the whole class. */
    Scope scope() default Scope.PER_TEST;

    /** How long new threads get to end before the test fails; goleak's default budget. */
    long timeoutMillis() default 500;

    /** Interrupt the leaked threads after reporting them, so one leak does not cascade into later tests. */
    boolean interruptLeaked() default false;

    enum Scope {
        /** Snapshot before each test, check after it. */
        PER_TEST,
        /** Snapshot before all tests of the class, check after all of them. */
        PER_CLASS
    }
}
