package dev.threadprofiling.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** What the benchmark mains share: their option values and number arguments, the JDK's tools, their medians, an HTTP GET, and how a child JVM is stopped. */
public final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /** {@code args[index]}, the value of the option before it, or exit 2: "--rounds needs a value", then {@code usage}. */
    public static String value(String[] args, int index, String usage) {
        if (index >= args.length) {
            System.err.print(args[index - 1] + " needs a value\n" + usage);
            System.exit(2);
        }
        return args[index];
    }

    /** {@code value} as a whole number of at least 1, or exit 2 with a message naming {@code what}. */
    public static int positive(String what, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        System.err.println("<" + what + "> must be a whole number of at least 1, not \"" + value + "\"");
        System.exit(2);
        throw new AssertionError();
    }

    /** This JDK's {@code bin/<name>} ({@code java}, {@code jcmd}), or an error saying to run with a JDK. */
    public static Path jdkTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(name + " not found at " + tool + ": run this with a JDK, not a JRE");
        }
        return tool;
    }

    /**
     * Tells a child JVM that waits for a line on its standard input ({@code ParkedThreadsMain},
     * {@code HttpFormatsVsJcmd.Server}) to end, and waits for it.
     */
    public static void stopChild(Process child, long timeoutSeconds) throws InterruptedException {
        try (OutputStream in = child.getOutputStream()) {
            in.write('\n');
        } catch (IOException alreadyGone) {
            // the child has exited: nothing to tell it
        }
        if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    /** {@code GET url}, failing on any status but 200; returns the body's length in bytes. */
    public static long get(HttpClient client, String url, long timeoutSeconds) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(timeoutSeconds)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body().length;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
