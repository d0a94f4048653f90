package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Threads that common libraries start once and keep on purpose: not leaks of the test that happened
 * to start them first. Off by default; switched on by name ({@code threadleak.presets=okhttp,...} or
 * {@link ThreadLeakOptions#ignorePreset}).
 */
public enum NoisePreset {

    /** Javalin's start-up watcher: an unnamed thread that sleeps 5 s and warns if the server was never started. */
    JAVALIN_STARTUP_WATCHER("javalin-startup-watcher", "Javalin's start-up watcher (Thread-N, sleeps 5 s, then ends)",
            t -> Pattern.matches("Thread-\\d+", t.name())
                    && (hasFrameOf(t.frames(), "io.javalin.jetty.JettyServer")
                            || t.createdBy() != null && hasFrameOf(t.createdBy().frames(), "io.javalin.jetty.JettyServer"))),

    /** Javalin's shared pool for async handlers, started lazily and kept for the JVM. */
    JAVALIN_ASYNC_POOL("javalin-async-pool", "Javalin's shared async executor (JavalinDefaultAsyncThreadPool-N)",
            t -> t.name().startsWith("JavalinDefaultAsyncThreadPool")),

    /** OkHttp's shared task runner, dispatcher and connection pool, and Okio's timeout watchdog. */
    OKHTTP("okhttp", "OkHttp's TaskRunner, Dispatcher and ConnectionPool threads, Okio's Watchdog",
            t -> t.name().startsWith("OkHttp ") || t.name().equals("Okio Watchdog")),

    /**
     * Apache HttpClient's idle-connection evictor: 4.5 names its thread {@code Connection evictor}
     * (its own factory, no number), 5.x {@code idle-connection-evictor-N} (httpcore5's
     * {@code DefaultThreadFactory}: prefix, "-", a count).
     */
    APACHE_HTTPCLIENT("apache-httpclient", "Apache HttpClient's idle-connection evictor",
            t -> Pattern.matches("Connection evictor|idle-connection-evictor-\\d+", t.name())
                    && (hasFrameOf(t.frames(), "org.apache.http.impl.client.IdleConnectionEvictor")
                            || hasFrameOf(t.frames(), "org.apache.hc.client5.http.impl.IdleConnectionEvictor"))),

    /**
     * Apache HttpClient 5's async client: its I/O reactor's main thread ({@code httpclient-main-N}) and
     * dispatchers ({@code httpclient-dispatch-N}), named by httpcore5's {@code DefaultThreadFactory}
     * and alive until the client is closed; a shared client is never closed by a test.
     */
    APACHE_HTTPCLIENT_ASYNC("apache-httpclient-async", "Apache HttpClient 5's async I/O reactor (httpclient-main-N, httpclient-dispatch-N)",
            t -> Pattern.matches("httpclient-(main|dispatch)-\\d+", t.name())
                    && hasPackageFrame(t.frames(), "org.apache.hc.core5.reactor.")),

    /**
     * A cached pool that idles out: a {@code ThreadPoolExecutor} worker with a keep-alive, waiting
     * for work in a timed {@code poll} (it ends once idle for the keep-alive, 60 s for
     * {@code Executors.newCachedThreadPool()}). Decided by its stack, whatever its name.
     */
    IDLE_CACHED_POOL("idle-cached-pool", "idle ThreadPoolExecutor workers with a keep-alive (timed poll in getTask)",
            t -> hasFunction(t.frames(), "java.util.concurrent.ThreadPoolExecutor.getTask")
                    && (hasFunction(t.frames(), "java.util.concurrent.SynchronousQueue.poll")
                            || hasFunction(t.frames(), "java.util.concurrent.LinkedBlockingQueue.poll")));

    private final String id;
    private final String description;
    private final Predicate<ThreadSample> matches;

    NoisePreset(String id, String description, Predicate<ThreadSample> matches) {
        this.id = id;
        this.description = description;
        this.matches = matches;
    }

    public String id() {
        return id;
    }

    String description() {
        return description;
    }

    public boolean matches(ThreadSample thread) {
        return matches.test(thread);
    }

    public static NoisePreset named(String name) {
        for (NoisePreset preset : values()) {
            if (preset.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return preset;
            }
        }
        List<String> known = new ArrayList<>();
        for (NoisePreset preset : values()) {
            known.add(preset.id);
        }
        throw new IllegalArgumentException("unknown threadleak preset \"" + name + "\": expected one of " + known);
    }

    private static boolean hasFunction(List<StackFrame> frames, String function) {
        for (StackFrame frame : frames) {
            if (frame.function().equals(function)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPackageFrame(List<StackFrame> frames, String packagePrefix) {
        for (StackFrame frame : frames) {
            if (frame.className().startsWith(packagePrefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasFrameOf(List<StackFrame> frames, String className) {
        for (StackFrame frame : frames) {
            if (frame.className().equals(className) || frame.className().startsWith(className + "$")) {
                return true;
            }
        }
        return false;
    }
}
