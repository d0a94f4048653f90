package dev.threadprofiling.threadprof.javalin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadDeadlockMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Binds the JVM meters {@code /metrics} serves: threads ({@code jvm_threads_live_threads} and
 * friends), contention ({@code jvm_threads_blocked_total}, {@code jvm_threads_blocked_time_seconds_total},
 * {@code jvm_threads_waited_total}: {@link ThreadContentionMetrics}), memory, GC, processor and uptime.
 *
 * <pre>{@code
 * try (JvmMetrics metrics = JvmMetrics.bindTo(registry)) { ... }
 * }</pre>
 *
 * <p>None of these binders starts a thread: GC events arrive through JMX notifications on the JVM's
 * own notification thread. Binders that poll on a thread of their own (such as
 * {@code JvmHeapPressureMetrics}) are left out.
 */
public final class JvmMetrics implements AutoCloseable {

    private final JvmGcMetrics gcMetrics;

    private JvmMetrics(JvmGcMetrics gcMetrics) {
        this.gcMetrics = gcMetrics;
    }

    public static JvmMetrics bindTo(MeterRegistry registry) {
        new JvmThreadMetrics().bindTo(registry);
        new JvmThreadDeadlockMetrics().bindTo(registry);
        new ThreadContentionMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new JvmMetrics(gc);
    }

    /** Removes the GC notification listeners; the meters stay registered. */
    @Override
    public void close() {
        gcMetrics.close();
    }
}
