package dev.threadprofiling.threadprof.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.dump.JcmdJsonParser;
import dev.threadprofiling.threadprof.dump.JstackParser;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Loads a {@link ThreadProfile} from wherever the threadprof CLI is pointed, detecting the format.
 *
 * <pre>{@code
 * ThreadProfile live = ProfileSources.load("http://127.0.0.1:6060/debug/threads");  // fetches ?format=json
 * ThreadProfile dump = ProfileSources.load("jstack-12345.txt");
 * ThreadProfile piped = ProfileSources.load("-");                                  // standard input
 * }</pre>
 *
 * <p>Formats: threadprof JSON ({@code /debug/threads?format=json}, schema {@value JsonFormat#SCHEMA}),
 * {@code jstack}/{@code jcmd Thread.print} text (JDK 17 and 21+), and {@code jcmd Thread.dump_to_file
 * -format=json} (JDK 21+). Anything else throws {@link ProfileFormatException} naming these formats.
 */
public final class ProfileSources {

    /** The formats {@link #parse} understands, for error messages and {@code --help}. */
    public static final String SUPPORTED_FORMATS = "threadprof JSON (/debug/threads?format=json), "
            + "jstack or jcmd Thread.print text, jcmd Thread.dump_to_file -format=json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ProfileSources() {
    }

    /** {@code source}: an {@code http(s)://} URL, {@code -} for standard input, or a file path. */
    public static ThreadProfile load(String source) {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            return parse(fetch(jsonUrl(source)), source);
        }
        if (source.equals("-")) {
            try {
                return parse(System.in.readAllBytes(), "standard input");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
            }
        }
        try {
            return parse(Files.readAllBytes(Path.of(source)), source);
        } catch (NoSuchFileException e) {
            throw new ProfileFormatException("no such file: " + source
                    + " (SOURCE is a file, an http(s) URL such as http://127.0.0.1:6060/debug/threads, or - for stdin)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The URL to fetch for {@code url}: a server root or {@code /debug/threads} without a query gets
     * {@code /debug/threads?format=json}; any other URL is fetched as given.
     */
    public static URI jsonUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ProfileFormatException("not a URL: " + url + " (" + e.getMessage() + ")");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
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

    /** Detects the format of {@code bytes} and reads it; {@code origin} names the input in errors. */
    public static ThreadProfile parse(byte[] bytes, String origin) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            throw new ProfileFormatException(origin + " is gzipped, like the pprof protobuf of /debug/threads (debug=0); "
                    + "threadprof reads " + SUPPORTED_FORMATS + " (fetch /debug/threads?format=json)");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            JsonNode root;
            try {
                root = MAPPER.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw unknown(origin, "invalid JSON: " + e.getOriginalMessage());
            }
            if (root.has("schema")) {
                return JsonFormat.read(trimmed);
            }
            if (JcmdJsonParser.looksLike(root)) {
                return JcmdJsonParser.parse(root);
            }
            throw unknown(origin, "JSON without \"schema\" or \"threadDump\"");
        }
        if (JstackParser.looksLike(text)) {
            return JstackParser.parse(text);
        }
        String first = trimmed.lines().findFirst().orElse("");
        throw unknown(origin, first.isEmpty() ? "empty input" : "it starts with \"" + abbreviate(first) + "\"");
    }

    /** Reads one stream (as {@link #parse(byte[], String)}). */
    public static ThreadProfile parse(InputStream in, String origin) throws IOException {
        return parse(in.readAllBytes(), origin);
    }

    private static byte[] fetch(URI uri) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json, text/plain").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + uri + ": " + describe(e)
                    + " (is the server running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + uri, e);
        }
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8).strip();
            throw new ProfileFormatException("GET " + uri + " answered " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + abbreviate(body)));
        }
        return response.body();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ProfileFormatException unknown(String origin, String why) {
        return new ProfileFormatException("cannot read " + origin + " as a thread profile (" + why
                + "); supported formats: " + SUPPORTED_FORMATS);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
