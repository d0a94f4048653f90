package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A block, mutex or pinned profile as JSON, schema {@value #SCHEMA}: what {@code /debug/block?format=json}
 * serves.
 *
 * <pre>
 * {"schema": "threadprof-contention/v1", "profile": "block",
 *  "summary": "block profile: 52 contentions, 4.321 s delay in 60.0 s since recording began (threshold 10 ms)",
 *  "recording": true,
 *  "thresholdNanos": 10000000, "start": "…", "end": "…", "cumulative": true,
 *  "contentions": 52, "delayNanos": 4321000000,
 *  "samples": [{"contentions": 52, "delayNanos": 4321000000, "event": "jdk.JavaMonitorEnter",
 *               "lock": "dev.shop.PriceList", "owner": "http-3", "frames": [{"class": …, "line": 31}, …]}]}
 * </pre>
 * Samples come largest delay first; frames innermost first, as in {@code threadprof/v1}. A sample of the
 * pinned profile ({@code "profile": "pinned"}) may carry {@code "reason"} (Java 24+); a profile this JVM
 * cannot record carries {@code "unavailable"}, the reason why, and no samples. {@code "summary"} is
 * {@link ContentionProfile#summary()}, the first line of {@code debug=1}, for readers that show it
 * (the web view); {@link #read} does not need it.
 * {@link #read} turns the document back into the profile, so a saved window is a CLI source.
 */
public final class ContentionJson {

    public static final String SCHEMA = "threadprof-contention/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ContentionJson() {
    }

    public static byte[] writeBytes(ContentionProfile profile) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("profile", profile.kind().pathName());
        root.put("summary", profile.summary());
        root.put("recording", profile.recording());
        root.put("thresholdNanos", profile.threshold().toNanos());
        root.put("start", profile.start().toString());
        root.put("end", profile.end().toString());
        root.put("cumulative", profile.cumulative());
        if (profile.unavailable() != null) {
            root.put("unavailable", profile.unavailable());
        }
        root.put("contentions", profile.totalCount());
        root.put("delayNanos", profile.totalDelayNanos());
        ArrayNode samples = root.putArray("samples");
        for (ContentionSample sample : profile.samples()) {
            ObjectNode node = samples.addObject();
            node.put("contentions", sample.count());
            node.put("delayNanos", sample.delayNanos());
            node.put("event", sample.event());
            node.put("lock", sample.lockClass());
            node.put(sample.otherThreadLabel(), sample.otherThread());
            if (sample.reason() != null) {
                node.put("reason", sample.reason());
            }
            JsonFormat.writeFrames(node.putArray("frames"), sample.frames());
        }
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a contention profile as JSON: " + e.getMessage(), e);
        }
    }

    /** Whether {@code bytes} are a JSON object whose {@code schema} is {@value #SCHEMA}, read without building the document. */
    public static boolean isContentionJson(byte[] bytes) {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("schema")) {
                    return value == JsonToken.VALUE_STRING && SCHEMA.equals(parser.getText());
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads what {@link #writeBytes} wrote; {@code origin} names the input in errors. */
    public static ContentionProfile read(byte[] json, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ProfileFormatException("cannot read " + origin + " as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !SCHEMA.equals(root.path("schema").asText(null))) {
            throw new ProfileFormatException(origin + " is not a " + SCHEMA + " profile");
        }
        try {
            List<ContentionSample> samples = new ArrayList<>();
            for (JsonNode node : required(root, "samples")) {
                String event = required(node, "event").asText();
                String other = node.path(ContentionSample.MONITOR_WAIT.equals(event) ? "notifier" : "owner").asText(null);
                List<StackFrame> frames = new ArrayList<>();
                for (JsonNode frame : required(node, "frames")) {
                    frames.add(MAPPER.treeToValue(frame, FrameJson.class).frame());
                }
                samples.add(new ContentionSample(frames, event, node.path("lock").asText(null), other,
                        node.path("reason").asText(null), required(node, "contentions").asLong(),
                        required(node, "delayNanos").asLong()));
            }
            return new ContentionProfile(ContentionKind.fromPathName(required(root, "profile").asText()),
                    required(root, "recording").asBoolean(), Duration.ofNanos(required(root, "thresholdNanos").asLong()),
                    Instant.parse(required(root, "start").asText()), Instant.parse(required(root, "end").asText()),
                    required(root, "cumulative").asBoolean(), samples, root.path("unavailable").asText(null));
        } catch (IOException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new ProfileFormatException("invalid " + SCHEMA + " profile in " + origin + ": " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return value;
    }

    /** A frame as {@link JsonFormat#writeFrames} writes it. */
    private record FrameJson(String module, @JsonProperty("class") String className, String method, String file,
            int line) {

        StackFrame frame() {
            return new StackFrame(module, className, method, file, line);
        }
    }
}
