package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import java.nio.charset.StandardCharsets;

/**
 * A block or mutex profile as JSON, schema {@value #SCHEMA}: what {@code /debug/block?format=json}
 * serves.
 *
 * <pre>
 * {"schema": "threadprof-contention/v1", "profile": "block", "recording": true,
 *  "thresholdNanos": 10000000, "start": "…", "end": "…", "cumulative": true,
 *  "contentions": 52, "delayNanos": 4321000000,
 *  "samples": [{"contentions": 52, "delayNanos": 4321000000, "event": "jdk.JavaMonitorEnter",
 *               "lock": "dev.shop.PriceList", "owner": "http-3", "frames": [{"class": …, "line": 31}, …]}]}
 * </pre>
 * Samples come largest delay first; frames innermost first, as in {@code threadprof/v1}.
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
        root.put("recording", profile.recording());
        root.put("thresholdNanos", profile.threshold().toNanos());
        root.put("start", profile.start().toString());
        root.put("end", profile.end().toString());
        root.put("cumulative", profile.cumulative());
        root.put("contentions", profile.totalCount());
        root.put("delayNanos", profile.totalDelayNanos());
        ArrayNode samples = root.putArray("samples");
        for (ContentionSample sample : profile.samples()) {
            ObjectNode node = samples.addObject();
            node.put("contentions", sample.count());
            node.put("delayNanos", sample.delayNanos());
            node.put("event", sample.event());
            node.put("lock", sample.lockClass());
            node.put(ContentionSample.MONITOR_WAIT.equals(sample.event()) ? "notifier" : "owner", sample.otherThread());
            JsonFormat.writeFrames(node.putArray("frames"), sample.frames());
        }
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a contention profile as JSON: " + e.getMessage(), e);
        }
    }
}
