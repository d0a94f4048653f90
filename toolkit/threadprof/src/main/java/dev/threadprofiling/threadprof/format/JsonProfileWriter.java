package dev.threadprofiling.threadprof.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ThreadProfile} as a {@value JsonFormat#SCHEMA} document ({@link JsonFormat} says what
 * it holds): the tree is Jackson's, the layout one table entry per line.
 */
final class JsonProfileWriter {

    private JsonProfileWriter() {
    }

    /**
     * The profile as JSON, one table entry (frame, stack, group, thread) per line: readable with
     * {@code less} and {@code grep}, a third of the size of an indented document.
     */
    static String write(ThreadProfile profile) {
        try {
            ObjectNode root = toTree(profile);
            StringBuilder out = new StringBuilder(64 * 1024);
            out.append("{\n");
            var fields = root.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                out.append("  ").append(JsonFormat.MAPPER.writeValueAsString(field.getKey())).append(": ");
                JsonNode value = field.getValue();
                if (value.isArray() && !value.isEmpty() && value.get(0).isContainerNode()) {
                    out.append("[\n");
                    for (int i = 0; i < value.size(); i++) {
                        out.append("    ").append(JsonFormat.MAPPER.writeValueAsString(value.get(i)))
                                .append(i + 1 < value.size() ? ",\n" : "\n");
                    }
                    out.append("  ]");
                } else {
                    out.append(JsonFormat.MAPPER.writeValueAsString(value));
                }
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            return out.append("}\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a thread profile as JSON: " + e.getMessage(), e);
        }
    }

    static byte[] writeBytes(ThreadProfile profile) {
        return write(profile).getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode toTree(ThreadProfile profile) {
        ObjectNode root = JsonFormat.MAPPER.createObjectNode();
        root.put("schema", JsonFormat.SCHEMA);
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
        writeDeadlocks(root.putArray("deadlocks"), profile.deadlocks());
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
    static void writeFrames(ArrayNode array, List<StackFrame> frames) {
        for (StackFrame frame : frames) {
            writeFrame(array.addObject(), frame);
        }
    }

    /**
     * Each cycle with its edges; {@code heading} and each edge's {@code holder} are {@code debug=1}'s words
     * ({@link DeadlockText}), which the web view shows as they are. The reader takes the fields, not the words.
     */
    private static void writeDeadlocks(ArrayNode array, List<Deadlock> deadlocks) {
        for (Deadlock deadlock : deadlocks) {
            ObjectNode node = array.addObject();
            node.put("detectedBy", deadlock.detectedBy().name());
            node.put("heading", DeadlockText.heading(deadlock));
            ArrayNode edges = node.putArray("edges");
            for (Deadlock.Edge edge : deadlock.edges()) {
                ObjectNode e = edges.addObject();
                e.put("threadId", edge.threadId());
                e.put("threadName", edge.threadName());
                ObjectNode lock = e.putObject("lock");
                lock.put("kind", edge.lock().kind().name());
                lock.put("class", edge.lock().className());
                lock.put("identityHash", Integer.toHexString(edge.lock().identityHash()));
                lock.put("text", edge.lock().describe());
                e.put("holderId", edge.holderId());
                e.put("holderName", edge.holderName());
                if (edge.takenAt() == null) {
                    e.putNull("takenAt");
                } else {
                    writeFrame(e.putObject("takenAt"), edge.takenAt());
                }
                e.put("taken", edge.taken().name());
                e.put("holder", DeadlockText.holder(edge));
            }
        }
    }

    private static void writeFrame(ObjectNode node, StackFrame frame) {
        node.put("module", frame.moduleName());
        node.put("class", frame.className());
        node.put("method", frame.methodName());
        node.put("file", frame.fileName());
        node.put("line", frame.line());
    }
}
