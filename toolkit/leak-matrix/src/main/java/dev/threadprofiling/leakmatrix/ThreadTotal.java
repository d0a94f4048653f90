package dev.threadprofiling.leakmatrix;

import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A workbook server's threads as the tests read them: its JSON profile ({@code /debug/threads?format=json})
 * and the total of that profile, {@link ThreadProfile#total()}. The tests' one reader of the total.
 */
public final class ThreadTotal {

    private ThreadTotal() {
    }

    /** The profile of the server at {@code base} ({@code http://127.0.0.1:PORT}). */
    public static ThreadProfile profile(HttpClient client, String base) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/debug/threads?format=json"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(base + "/debug/threads?format=json answered " + response.statusCode() + ": " + response.body());
        }
        return JsonFormat.read(response.body());
    }

    /** The thread total of the server at {@code base}. */
    public static int read(HttpClient client, String base) throws IOException, InterruptedException {
        return profile(client, base).total();
    }

    /** The thread total once it has settled ({@link Settling}, polled every 500 ms), or the last one after {@code timeout}. */
    public static int awaitSettled(HttpClient client, String base, Duration timeout) throws Exception {
        return Settling.await(() -> read(client, base), Duration.ofMillis(500), timeout).last();
    }
}
