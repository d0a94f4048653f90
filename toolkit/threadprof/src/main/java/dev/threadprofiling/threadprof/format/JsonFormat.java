package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.InputStream;
import java.util.List;

/**
 * A {@link ThreadProfile} as JSON, schema {@value #SCHEMA}: what {@code /debug/threads?format=json}
 * serves and the threadprof CLI reads. The schema is documented in {@code toolkit/threadprof/README.md}.
 *
 * <p>Stacks are kept in tables, as pprof keeps its locations: {@code frames} lists each distinct
 * frame once, {@code stacks} each distinct stack once (frame indices, innermost first), and threads,
 * groups and creation sites refer to a stack by index. A thousand threads parked in the same place
 * cost one stack. {@link #read} (the {@link JsonProfileReader}) also reads the older {@value #SCHEMA_V1}, where every thread
 * carried its own frames.
 *
 * <pre>{@code
 * String json = JsonFormat.write(profile);           // JsonProfileWriter
 * ThreadProfile same = JsonFormat.read(json);          // same.equals(profile)
 * }</pre>
 *
 * <p>Besides {@code threads}, the document carries {@code groups} (as {@link dev.threadprofiling.threadprof.model.ThreadGrouping} makes
 * them) so that scripts can {@code jq} the grouped view directly ({@code .frames as $f | .stacks as
 * $s | .groups[] | $s[.stack] | map($f[.])} gives a group's frames, and {@code $f[.appFrame]} its
 * first application frame as {@link dev.threadprofiling.threadprof.model.ApplicationFrames} defines
 * it); {@link #read} ignores them, as they follow from {@code threads}. {@link #read} throws {@link dev.threadprofiling.threadprof.model.ProfileFormatException} naming the
 * problem for anything that is not such a document.
 */
public final class JsonFormat {

    /** The value of the top-level {@code "schema"} field. */
    public static final String SCHEMA = "threadprof/v2";
    /** The first schema: frames inline in every thread and group. Still read. */
    public static final String SCHEMA_V1 = "threadprof/v1";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFormat() {
    }

    /** The profile as JSON, one table entry (frame, stack, group, thread) per line: readable with {@code less} and {@code grep}. */
    public static String write(ThreadProfile profile) {
        return JsonProfileWriter.write(profile);
    }

    public static byte[] writeBytes(ThreadProfile profile) {
        return JsonProfileWriter.writeBytes(profile);
    }

    /** Frames as every threadprof JSON document writes them: {@code {module, class, method, file, line}}. */
    public static void writeFrames(ArrayNode array, List<StackFrame> frames) {
        JsonProfileWriter.writeFrames(array, frames);
    }

    public static ThreadProfile read(String json) {
        return JsonProfileReader.read(json);
    }

    public static ThreadProfile read(InputStream json) {
        return JsonProfileReader.read(json);
    }
}
