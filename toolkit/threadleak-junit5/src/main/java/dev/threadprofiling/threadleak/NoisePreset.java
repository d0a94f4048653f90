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
enum NoisePreset {

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

    /** Apache HttpClient's idle-connection evictor (4.x: "Connection evictor-N", 5.x: "idle-connection-evictor-N"). */
    APACHE_HTTPCLIENT("apache-httpclient", "Apache HttpClient's idle-connection evictor",
            t -> Pattern.matches("(Connection evictor|idle-connection-evictor)-\\d+", t.name())
                    && (hasFrameOf(t.frames(), "org.apache.http.impl.client.IdleConnectionEvictor")
                            || hasFrameOf(t.frames(), "org.apache.hc.client5.http.impl.IdleConnectionEvictor")));

    private final String id;
    private final String description;
    private final Predicate<ThreadSample> matches;

    NoisePreset(String id, String description, Predicate<ThreadSample> matches) {
        this.id = id;
        this.description = description;
        this.matches = matches;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    boolean matches(ThreadSample thread) {
        return matches.test(thread);
    }

    static NoisePreset named(String name) {
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

    private static boolean hasFrameOf(List<StackFrame> frames, String className) {
        for (StackFrame frame : frames) {
            if (frame.className().equals(className) || frame.className().startsWith(className + "$")) {
                return true;
            }
        }
        return false;
    }
}
