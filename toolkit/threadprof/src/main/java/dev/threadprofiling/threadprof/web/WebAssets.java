package dev.threadprofiling.threadprof.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The web view's files (plain HTML, CSS and JavaScript, served from the jar, no CDN), for
 * {@code /debug/threads/ui} on a workbook server and for {@code threadprof web}.
 *
 * <pre>{@code
 * // the page, its asset links under /debug/threads/ui/, switching between the profiles it is given
 * String html = WebAssets.page("/debug/threads",
 *         Map.of("threads", "/debug/threads", "block", "/debug/block", "mutex", "/debug/mutex"));
 * Optional<WebAssets.Asset> js = WebAssets.asset("threadprof.js");
 * }</pre>
 *
 * <p>The page reads {@code <threads>?format=json} (the thread profile) and polls {@code <threads>/summary}
 * every second; for the block, mutex and pinned profiles it reads {@code <block>?format=json},
 * {@code <mutex>?format=json} and {@code <pinned>?format=json}, with {@code &seconds=N} for a window. It
 * posts what it read to {@code <threads>/ui/view} and draws {@link ProfileView}'s answer. Its own query picks what it shows
 * first: {@code ?profile=block&seconds=5}.
 */
public final class WebAssets {

    /** Where the page lives under the profile's path: {@code /debug/threads} + {@value}. */
    public static final String UI_SUFFIX = "/ui";
    /** The thread-total endpoint the chart polls, under the profile's path. */
    public static final String SUMMARY_SUFFIX = "/summary";
    /** The profiles the page shows, in the order of its menu. */
    public static final List<String> PROFILES = List.of("threads", "block", "mutex", "pinned");

    private static final String FOLDER = "/dev/threadprofiling/threadprof/web/";
    private static final Map<String, String> TYPES = Map.of(
            "threadprof.js", "text/javascript; charset=utf-8",
            "threadprof.css", "text/css; charset=utf-8");

    /** A file and its content type. */
    public record Asset(String contentType, byte[] bytes) {
    }

    private WebAssets() {
    }

    /**
     * The page, with its links pointing under {@code base} (such as {@code /debug/threads}: the page is
     * {@code <base>/ui}), the profiles it may show with the path of each ({@code "block" ->
     * "/debug/block"}; names from {@link #PROFILES}, the others left out of its menu). What it draws of a
     * profile, application frames among it, {@link ProfileView} answers.
     */
    public static String page(String base, Map<String, String> profilePaths) {
        StringJoiner profiles = new StringJoiner(",");
        for (String name : PROFILES) {
            if (profilePaths.containsKey(name)) {
                profiles.add(name + "=" + profilePaths.get(name));
            }
        }
        if (profiles.length() == 0 || !PROFILES.containsAll(profilePaths.keySet())) {
            throw new IllegalArgumentException("profiles must be some of " + PROFILES + ", got " + profilePaths.keySet());
        }
        String html = new String(read("index.html"), StandardCharsets.UTF_8);
        return html.replace("{{base}}", base)
                .replace("{{profiles}}", profiles.toString());
    }

    /** {@code threadprof.js} or {@code threadprof.css}; empty for any other name. */
    public static Optional<Asset> asset(String name) {
        String type = TYPES.get(name);
        return type == null ? Optional.empty() : Optional.of(new Asset(type, read(name)));
    }

    /** {@code {"total":N,"time":"…"}}: the live thread count of this JVM, cheap enough to poll every second. */
    public static String summaryOfThisJvm() {
        return summary(ManagementFactory.getThreadMXBean().getThreadCount(), Instant.now());
    }

    public static String summary(int total, Instant time) {
        return "{\"total\":" + total + ",\"time\":\"" + time + "\"}";
    }

    private static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("web asset missing from the jar: " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web asset " + name + ": " + e.getMessage(), e);
        }
    }
}
