package dev.threadprofiling.threadprof.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a thread profile in whichever form it arrives, detecting the form from the bytes.
 *
 * <pre>{@code
 * ThreadProfile profile = ThreadDumps.read(Files.readAllBytes(path), path.toString());
 * }</pre>
 *
 * <p>Forms: threadprof JSON ({@code /debug/threads?format=json}, read by {@link JsonFormat}),
 * {@code jstack}/{@code jcmd Thread.print} text ({@link JstackParser}, JDK 17 and 21+) and
 * {@code jcmd Thread.dump_to_file -format=json} ({@link JsonThreadDump}, JDK 21+). Anything else throws
 * {@link ProfileFormatException} naming these forms.
 */
public final class ThreadDumps {

    /** The forms {@link #read} understands, for error messages and {@code --help}. */
    public static final String SUPPORTED_FORMATS = "threadprof JSON (/debug/threads?format=json), "
            + "jstack or jcmd Thread.print text, jcmd Thread.dump_to_file -format=json";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private ThreadDumps() {
    }

    /** Detects the form of {@code bytes} and reads it; {@code origin} names the input in errors. */
    public static ThreadProfile read(byte[] bytes, String origin) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            throw new ProfileFormatException(origin + " is gzipped, like the pprof protobuf of /debug/threads (debug=0); "
                    + "threadprof reads " + SUPPORTED_FORMATS + " (fetch /debug/threads?format=json)");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            Map<String, String> fields = topLevelFields(bytes, origin);
            if (ContentionJson.SCHEMA.equals(fields.get("schema"))) {
                throw new ProfileFormatException(origin + " is a contention profile (block, mutex or pinned: " + ContentionJson.SCHEMA
                        + "), not a thread profile: threadprof top, list, traces and diff read it");
            }
            if (fields.containsKey("schema")) {
                return JsonFormat.read(trimmed);
            }
            if (fields.containsKey("threadDump")) {
                return JsonThreadDump.read(new ByteArrayInputStream(bytes));
            }
            if (fields.get("error") != null) {
                throw new ProfileFormatException(origin + " holds an error, not a profile: " + fields.get("error"));
            }
            throw unknown(origin, "JSON without \"schema\" or \"threadDump\"");
        }
        if (JstackParser.looksLike(text)) {
            return JstackParser.parse(text);
        }
        String first = trimmed.lines().findFirst().orElse("");
        throw unknown(origin, first.isEmpty() ? "empty input" : "it starts with \"" + abbreviate(first) + "\"");
    }

    /** The top-level object's fields and their text (null for objects and arrays), read without building the document. */
    private static Map<String, String> topLevelFields(byte[] json, String origin) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                fields.put(name, value.isScalarValue() ? parser.getValueAsString() : null);
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw unknown(origin, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + origin + ": " + e.getMessage(), e);
        }
        return fields;
    }

    private static ProfileFormatException unknown(String origin, String why) {
        return new ProfileFormatException("cannot read " + origin + " as a thread profile (" + why
                + "); supported formats: " + SUPPORTED_FORMATS);
    }

    /** The text cut to 80 characters, for messages. */
    public static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
