package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@value JsonFormat#SCHEMA} (or {@value JsonFormat#SCHEMA_V1}) document back into a
 * {@link ThreadProfile}: Jackson parses, this class checks each field and names the one that is wrong
 * ({@code threads[3].stack must be an index below 12, found 40}).
 */
final class JsonProfileReader {

    private static final String SCHEMA = JsonFormat.SCHEMA;
    private static final String SCHEMA_V1 = JsonFormat.SCHEMA_V1;

    private JsonProfileReader() {
    }

    static ThreadProfile read(String json) {
        try {
            return fromTree(JsonFormat.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    static ThreadProfile read(InputStream json) {
        try {
            return fromTree(JsonFormat.MAPPER.readTree(json));
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
        return new ThreadProfile(capturedAt, process, threads, readDeadlocks(root.get("deadlocks")));
    }

    /** The {@code deadlocks} array; a profile written before it existed has none. */
    private static List<Deadlock> readDeadlocks(JsonNode array) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new ProfileFormatException("invalid thread profile: deadlocks must be an array");
        }
        List<Deadlock> deadlocks = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "deadlocks[" + i + "]";
            JsonNode node = array.get(i);
            JsonNode edgesNode = array(node, "edges", path + ".edges");
            List<Deadlock.Edge> edges = new ArrayList<>(edgesNode.size());
            for (int j = 0; j < edgesNode.size(); j++) {
                edges.add(readEdge(edgesNode.get(j), path + ".edges[" + j + "]"));
            }
            try {
                deadlocks.add(new Deadlock(enumValue(Deadlock.Detection.class, text(node, "detectedBy", path + ".detectedBy"),
                        path + ".detectedBy"), edges));
            } catch (IllegalArgumentException e) {
                throw new ProfileFormatException("invalid thread profile: " + path + ": " + e.getMessage(), e);
            }
        }
        return deadlocks;
    }

    private static Deadlock.Edge readEdge(JsonNode node, String path) {
        JsonNode lockNode = object(node, "lock", path + ".lock");
        Deadlock.Lock lock = new Deadlock.Lock(
                enumValue(Deadlock.LockKind.class, text(lockNode, "kind", path + ".lock.kind"), path + ".lock.kind"),
                text(lockNode, "class", path + ".lock.class"),
                Integer.parseUnsignedInt(text(lockNode, "identityHash", path + ".lock.identityHash"), 16));
        JsonNode takenAt = node.get("takenAt");
        return new Deadlock.Edge(longField(node, "threadId", path + ".threadId"),
                text(node, "threadName", path + ".threadName"), lock,
                longField(node, "holderId", path + ".holderId"), text(node, "holderName", path + ".holderName"),
                takenAt == null || takenAt.isNull() ? null : readFrame(takenAt, path + ".takenAt"),
                enumValue(Deadlock.Taken.class, text(node, "taken", path + ".taken"), path + ".taken"));
    }

    /**
     * Where a thread's or a creation site's frames are: inline ({@value JsonFormat#SCHEMA_V1}) or in the
     * {@code stacks} table ({@value JsonFormat#SCHEMA}).
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
            frames.add(readFrame(array.get(i), path + "[" + i + "]"));
        }
        return frames;
    }

    private static StackFrame readFrame(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new ProfileFormatException(at + " must be an object");
        }
        return new StackFrame(
                optionalText(node, "module"),
                text(node, "class", at + ".class"),
                text(node, "method", at + ".method"),
                optionalText(node, "file"),
                (int) longField(node, "line", at + ".line"));
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
                    + "\", expected one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
