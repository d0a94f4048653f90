package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ThreadProfile} as JSON, schema {@value #SCHEMA}: what {@code /debug/threads?format=json}
 * serves and the threadprof CLI reads. The schema is documented in {@code toolkit/threadprof/README.md}.
 *
 * <p>Stacks are kept in tables, as pprof keeps its locations: {@code frames} lists each distinct
 * frame once, {@code stacks} each distinct stack once (frame indices, innermost first), and threads,
 * groups and creation sites refer to a stack by index. A thousand threads parked in the same place
 * cost one stack. {@link #read} also reads the older {@value #SCHEMA_V1}, where every thread
 * carried its own frames.
 *
 * <pre>{@code
 * String json = JsonFormat.write(profile);
 * ThreadProfile same = JsonFormat.read(json);          // same.equals(profile)
 * }</pre>
 *
 * <p>Besides {@code threads}, the document carries {@code groups} (as {@link ThreadGrouping} makes
 * them) so that scripts can {@code jq} the grouped view directly ({@code .frames as $f | .stacks as
 * $s | .groups[] | $s[.stack] | map($f[.])} gives a group's frames, and {@code $f[.appFrame]} its
 * first application frame as {@link dev.threadprofiling.threadprof.model.ApplicationFrames} defines
 * it); {@link #read} ignores them, as they follow from {@code threads}. {@link #read} throws {@link ProfileFormatException} naming the
 * problem for anything that is not such a document.
 */
public final class JsonFormat {

    /** The value of the top-level {@code "schema"} field. */
    public static final String SCHEMA = "threadprof/v2";
    /** The first schema: frames inline in every thread and group. Still read. */
    public static final String SCHEMA_V1 = "threadprof/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFormat() {
    }

    /**
     * The profile as JSON, one table entry (frame, stack, group, thread) per line: readable with
     * {@code less} and {@code grep}, a third of the size of an indented document.
     */
    public static String write(ThreadProfile profile) {
        try {
            ObjectNode root = toTree(profile);
            StringBuilder out = new StringBuilder(64 * 1024);
            out.append("{\n");
            var fields = root.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                out.append("  ").append(MAPPER.writeValueAsString(field.getKey())).append(": ");
                JsonNode value = field.getValue();
                if (value.isArray() && !value.isEmpty() && value.get(0).isContainerNode()) {
                    out.append("[\n");
                    for (int i = 0; i < value.size(); i++) {
                        out.append("    ").append(MAPPER.writeValueAsString(value.get(i)))
                                .append(i + 1 < value.size() ? ",\n" : "\n");
                    }
                    out.append("  ]");
                } else {
                    out.append(MAPPER.writeValueAsString(value));
                }
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            return out.append("}\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a thread profile as JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] writeBytes(ThreadProfile profile) {
        return write(profile).getBytes(StandardCharsets.UTF_8);
    }

    public static ThreadProfile read(String json) {
        try {
            return fromTree(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    public static ThreadProfile read(InputStream json) {
        try {
            return fromTree(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a thread profile: " + e.getMessage(), e);
        }
    }

    private static ProfileFormatException notJson(JsonProcessingException e) {
        return new ProfileFormatException("not a threadprof JSON profile: the input is not valid JSON ("
                + e.getOriginalMessage() + ")", e);
    }

    // ---- writing

    static ObjectNode toTree(ThreadProfile profile) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("total", profile.total());
        root.put("capturedAt", profile.capturedAt().toString());
        ObjectNode process = root.putObject("process");
        ThreadProfile.ProcessInfo info = profile.process();
        process.put("pid", info.pid());
        process.put("mainClass", info.mainClass());
        process.put("javaVersion", info.javaVersion());
        process.put("source", info.source());
        StackTable table = new StackTable(root.putArray("frames"), root.putArray("stacks"));
        ArrayNode groups = root.putArray("groups");
        for (StackGroup group : ThreadGrouping.group(profile)) {
            ObjectNode node = groups.addObject();
            node.put("count", group.count());
            node.put("state", group.state());
            node.put("virtual", group.virtual());
            node.put("names", group.nameSummary());
            node.put("namePattern", ThreadNames.pattern(group.threadNames()).orElse(null));
            ArrayNode ids = node.putArray("threadIds");
            group.threadIds().forEach(ids::add);
            node.put("stack", table.indexOf(group.frames()));
            StackFrame appFrame = group.firstApplicationFrame();
            if (appFrame == null) {
                node.putNull("appFrame");
            } else {
                node.put("appFrame", table.frameIndex(appFrame));
            }
        }
        ArrayNode threads = root.putArray("threads");
        for (ThreadSample thread : profile.threads()) {
            writeThread(threads.addObject(), thread, table);
        }
        return root;
    }

    /** The {@code frames} and {@code stacks} tables, each entry written once. */
    private static final class StackTable {
        private final ArrayNode frames;
        private final ArrayNode stacks;
        private final Map<StackFrame, Integer> frameIndex = new HashMap<>();
        private final Map<List<StackFrame>, Integer> stackIndex = new HashMap<>();

        StackTable(ArrayNode frames, ArrayNode stacks) {
            this.frames = frames;
            this.stacks = stacks;
        }

        int indexOf(List<StackFrame> stack) {
            Integer known = stackIndex.get(stack);
            if (known != null) {
                return known;
            }
            ArrayNode indices = stacks.addArray();
            for (StackFrame frame : stack) {
                indices.add(frameIndex.computeIfAbsent(frame, this::addFrame));
            }
            stackIndex.put(stack, stacks.size() - 1);
            return stacks.size() - 1;
        }

        /** The index of a frame of a stack already in the table. */
        int frameIndex(StackFrame frame) {
            return frameIndex.get(frame);
        }

        private int addFrame(StackFrame frame) {
            writeFrame(frames.addObject(), frame);
            return frames.size() - 1;
        }
    }

    private static void writeThread(ObjectNode node, ThreadSample thread, StackTable table) {
        node.put("id", thread.id());
        node.put("name", thread.name());
        node.put("state", thread.state());
        node.put("daemon", thread.daemon());
        node.put("virtual", thread.virtual());
        node.put("stack", table.indexOf(thread.frames()));
        Blocker blocker = thread.waitingOn();
        if (blocker == null) {
            node.putNull("waitingOn");
        } else {
            ObjectNode waitingOn = node.putObject("waitingOn");
            waitingOn.put("kind", blocker.kind().name());
            waitingOn.put("class", blocker.className());
            waitingOn.put("identityHash", Integer.toHexString(blocker.identityHash()));
            waitingOn.put("ownerId", blocker.ownerId());
            waitingOn.put("ownerName", blocker.ownerName());
        }
        CreationSite site = thread.createdBy();
        if (site == null) {
            node.putNull("createdBy");
        } else {
            ObjectNode createdBy = node.putObject("createdBy");
            createdBy.put("parentId", site.parentId());
            createdBy.put("parentName", site.parentName());
            createdBy.put("stack", table.indexOf(site.frames()));
        }
        node.put("origin", thread.origin().name());
        if (thread.origin() == ThreadSample.Origin.NOT_YET_RECORDED) {
            node.put("unrecordedForMillis", thread.unrecordedForMillis());
        }
    }

    /** Frames as every threadprof JSON document writes them: {@code {module, class, method, file, line}}. */
    public static void writeFrames(ArrayNode array, List<StackFrame> frames) {
        for (StackFrame frame : frames) {
            writeFrame(array.addObject(), frame);
        }
    }

    private static void writeFrame(ObjectNode node, StackFrame frame) {
        node.put("module", frame.moduleName());
        node.put("class", frame.className());
        node.put("method", frame.methodName());
        node.put("file", frame.fileName());
        node.put("line", frame.line());
    }

    // ---- reading

    private static ThreadProfile fromTree(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new ProfileFormatException("not a threadprof JSON profile: the input is empty");
        }
        if (!root.isObject()) {
            throw new ProfileFormatException("not a threadprof JSON profile: expected a JSON object, found "
                    + root.getNodeType().name().toLowerCase() + " (is this a jcmd or jstack dump?)");
        }
        JsonNode schema = root.get("schema");
        if (schema == null) {
            throw new ProfileFormatException("not a threadprof JSON profile: no \"schema\" field (expected \""
                    + SCHEMA + "\")");
        }
        if (!SCHEMA.equals(schema.asText()) && !SCHEMA_V1.equals(schema.asText())) {
            throw new ProfileFormatException("unsupported thread profile schema \"" + schema.asText()
                    + "\": this reader understands \"" + SCHEMA + "\" and \"" + SCHEMA_V1 + "\"");
        }
        Stacks stacks = SCHEMA.equals(schema.asText()) ? Stacks.of(root) : Stacks.INLINE;
        Instant capturedAt = instant(root, "capturedAt");
        JsonNode processNode = object(root, "process", "process");
        ThreadProfile.ProcessInfo process = new ThreadProfile.ProcessInfo(
                longField(processNode, "pid", "process.pid"),
                optionalText(processNode, "mainClass"),
                optionalText(processNode, "javaVersion"),
                optionalText(processNode, "source"));
        JsonNode threadsNode = array(root, "threads", "threads");
        List<ThreadSample> threads = new ArrayList<>(threadsNode.size());
        for (int i = 0; i < threadsNode.size(); i++) {
            threads.add(readThread(threadsNode.get(i), "threads[" + i + "]", stacks));
        }
        long total = longField(root, "total", "total");
        if (total != threads.size()) {
            throw new ProfileFormatException("inconsistent thread profile: \"total\" is " + total
                    + " but \"threads\" has " + threads.size() + " entries");
        }
        return new ThreadProfile(capturedAt, process, threads);
    }

    /**
     * Where a thread's or a creation site's frames are: inline ({@value #SCHEMA_V1}) or in the
     * {@code stacks} table ({@value #SCHEMA}).
     */
    private static final class Stacks {
        static final Stacks INLINE = new Stacks(null);

        private final List<List<StackFrame>> table;

        private Stacks(List<List<StackFrame>> table) {
            this.table = table;
        }

        static Stacks of(JsonNode root) {
            List<StackFrame> frames = readFrames(array(root, "frames", "frames"), "frames");
            JsonNode stacksNode = array(root, "stacks", "stacks");
            List<List<StackFrame>> table = new ArrayList<>(stacksNode.size());
            for (int i = 0; i < stacksNode.size(); i++) {
                JsonNode indices = stacksNode.get(i);
                String at = "stacks[" + i + "]";
                if (!indices.isArray()) {
                    throw new ProfileFormatException("invalid thread profile: " + at + " must be an array");
                }
                List<StackFrame> stack = new ArrayList<>(indices.size());
                for (int j = 0; j < indices.size(); j++) {
                    stack.add(frames.get(index(indices.get(j), frames.size(), at + "[" + j + "]")));
                }
                table.add(List.copyOf(stack));
            }
            return new Stacks(table);
        }

        List<StackFrame> read(JsonNode node, String path) {
            if (table == null) {
                return readFrames(array(node, "frames", path + ".frames"), path + ".frames");
            }
            return table.get(index(field(node, "stack", path + ".stack"), table.size(), path + ".stack"));
        }

        private static int index(JsonNode value, int size, String path) {
            if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() >= size) {
                throw new ProfileFormatException("invalid thread profile: " + path + " must be an index below "
                        + size + ", found " + value);
            }
            return value.asInt();
        }
    }

    private static ThreadSample readThread(JsonNode node, String path, Stacks stacks) {
        if (!node.isObject()) {
            throw new ProfileFormatException(path + " must be an object");
        }
        String originText = text(node, "origin", path + ".origin");
        ThreadSample.Origin origin = enumValue(ThreadSample.Origin.class, originText, path + ".origin");
        return new ThreadSample(
                longField(node, "id", path + ".id"),
                text(node, "name", path + ".name"),
                text(node, "state", path + ".state"),
                bool(node, "daemon", path + ".daemon"),
                bool(node, "virtual", path + ".virtual"),
                stacks.read(node, path),
                readBlocker(node.get("waitingOn"), path + ".waitingOn"),
                readCreationSite(node.get("createdBy"), path + ".createdBy", stacks),
                origin,
                node.has("unrecordedForMillis") ? longField(node, "unrecordedForMillis", path + ".unrecordedForMillis")
                        : -1);
    }

    private static Blocker readBlocker(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ProfileFormatException(path + " must be an object or null");
        }
        String hash = text(node, "identityHash", path + ".identityHash");
        int identityHash;
        try {
            identityHash = Integer.parseUnsignedInt(hash, 16);
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(path + ".identityHash must be a hex number, found \"" + hash + "\"");
        }
        return new Blocker(
                enumValue(Blocker.Kind.class, text(node, "kind", path + ".kind"), path + ".kind"),
                text(node, "class", path + ".class"),
                identityHash,
                longField(node, "ownerId", path + ".ownerId"),
                optionalText(node, "ownerName"));
    }

    private static CreationSite readCreationSite(JsonNode node, String path, Stacks stacks) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ProfileFormatException(path + " must be an object or null");
        }
        return new CreationSite(
                longField(node, "parentId", path + ".parentId"),
                optionalText(node, "parentName"),
                stacks.read(node, path));
    }

    private static List<StackFrame> readFrames(JsonNode array, String path) {
        List<StackFrame> frames = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String at = path + "[" + i + "]";
            if (!node.isObject()) {
                throw new ProfileFormatException(at + " must be an object");
            }
            frames.add(new StackFrame(
                    optionalText(node, "module"),
                    text(node, "class", at + ".class"),
                    text(node, "method", at + ".method"),
                    optionalText(node, "file"),
                    (int) longField(node, "line", at + ".line")));
        }
        return frames;
    }

    private static JsonNode field(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isTextual()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " must be a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long longField(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isIntegralNumber()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " must be an integer");
        }
        return value.asLong();
    }

    private static boolean bool(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isBoolean()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " must be true or false");
        }
        return value.asBoolean();
    }

    private static JsonNode object(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isObject()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " must be an object");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isArray()) {
            throw new ProfileFormatException("invalid thread profile: " + path + " must be an array");
        }
        return value;
    }

    private static Instant instant(JsonNode node, String name) {
        String text = text(node, name, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProfileFormatException("invalid thread profile: " + name
                    + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, found \"" + text + "\"");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String path) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException("invalid thread profile: " + path + " is \"" + text
                    + "\", expected one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
