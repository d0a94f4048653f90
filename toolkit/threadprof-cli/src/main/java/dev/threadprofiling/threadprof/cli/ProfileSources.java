package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.dump.ThreadDumps;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a {@link ThreadProfile} from wherever the threadprof CLI is pointed, detecting the format.
 *
 * <pre>{@code
 * ThreadProfile live = ProfileSources.load("http://127.0.0.1:6060/debug/threads");  // fetches ?format=json
 * ThreadProfile dump = ProfileSources.load("jstack-12345.txt");
 * ThreadProfile piped = ProfileSources.load("-");                                  // standard input
 * }</pre>
 *
 * <p>The bytes are read by {@link ThreadDumps#read}, which detects the format. {@link #send} is the
 * CLI's one HTTP GET.
 */
public final class ProfileSources {

    /** How long a fetch may take to connect, and then to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern CONTENTION_PATH = Pattern.compile("/debug/(" + Arrays.stream(ContentionKind.values())
            .map(ContentionKind::pathName).collect(Collectors.joining("|")) + ")/?$");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private ProfileSources() {
    }

    /** {@code source}: an {@code http(s)://} URL, {@code -} for standard input, or a file path. */
    public static ThreadProfile load(String source) {
        return ThreadDumps.read(bytes(source), origin(source));
    }

    /**
     * A thread profile or a contention profile ({@code /debug/block}, {@code /debug/mutex}, {@code /debug/pinned}, a saved
     * {@value ContentionJson#SCHEMA} file), from the same sources as {@link #load}.
     */
    static LoadedProfile loadAny(String source) {
        byte[] bytes = bytes(source);
        if (ContentionJson.isContentionJson(bytes)) {
            ContentionProfile contention = ContentionJson.read(bytes, origin(source));
            if (contention.unavailable() != null) {
                // Nothing to report, and an empty report would read as "no waits".
                throw new ProfileFormatException(origin(source) + ": " + contention.summary());
            }
            return LoadedProfile.of(contention);
        }
        return LoadedProfile.of(ThreadDumps.read(bytes, origin(source)));
    }

    private static String origin(String source) {
        return source.equals("-") ? "standard input" : source;
    }

    private static byte[] bytes(String source) {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            return get(jsonUrl(source));
        }
        if (source.equals("-")) {
            try {
                return System.in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
            }
        }
        try {
            return Files.readAllBytes(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new ProfileFormatException("no such file: " + source
                    + " (SOURCE is a file, an http(s) URL such as http://127.0.0.1:6060/debug/threads, or - for stdin)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The URL to fetch for {@code url}: a server root or {@code /debug/threads} without a query gets
     * {@code /debug/threads?format=json}; {@code /debug/block}, {@code /debug/mutex} and {@code /debug/pinned} get
     * {@code format=json} added to their query ({@code ?seconds=5} becomes {@code ?seconds=5&format=json})
     * unless it names a format; any other URL is fetched as given.
     */
    public static URI jsonUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ProfileFormatException("not a URL: " + url + " (" + e.getMessage() + ")");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (CONTENTION_PATH.matcher(path).find()) {
            String query = uri.getRawQuery();
            if (query != null && Pattern.compile("(^|&)(format|debug)=").matcher(query).find()) {
                return uri;
            }
            return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path.replaceAll("/$", "")
                    + "?" + (query == null || query.isEmpty() ? "" : query + "&") + "format=json");
        }
        if (uri.getQuery() != null) {
            return uri;
        }
        if (path.isEmpty() || path.equals("/")) {
            path = "/debug/threads";
        }
        if (path.endsWith("/debug/threads") || path.endsWith("/debug/threads/")) {
            return URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                    + path.replaceAll("/$", "") + "?format=json");
        }
        return uri;
    }

    /**
     * The body of a 200 answer to {@code uri} (through {@link #send}), within {@link #TIMEOUT};
     * anything else throws, naming the URL and the status.
     */
    static byte[] get(URI uri) {
        HttpResponse<byte[]> response = send(uri, TIMEOUT);
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8).strip();
            throw new ProfileFormatException("GET " + uri + " answered " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + ThreadDumps.abbreviate(body)));
        }
        return response.body();
    }

    /**
     * The one HTTP GET of the CLI: the answer to {@code uri}, whatever its status, within {@code timeout} (a window of
     * {@code seconds=N} takes N seconds to answer); throws only when there is no answer.
     */
    static HttpResponse<byte[]> send(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json, text/plain").GET().build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + uri + ": " + describe(e)
                    + " (is the server running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + uri, e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
