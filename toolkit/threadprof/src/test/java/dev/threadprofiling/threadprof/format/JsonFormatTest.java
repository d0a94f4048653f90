package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.testing.BlockedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.Profiles;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void roundTripsAHandMadeProfileExactly() {
        ThreadProfile profile = Profiles.small();
        assertEquals(profile, JsonFormat.read(JsonFormat.write(profile)));
        assertEquals(profile, JsonFormat.read(new ByteArrayInputStream(JsonFormat.writeBytes(profile))));
    }

    @Test
    void roundTripsRealThreadsExactly() throws Exception {
        ThreadProfile profile;
        try (BlockedThreads threads = BlockedThreads.start()) {
            profile = ThreadCapture.create().capture();
        }
        assertEquals(profile, JsonFormat.read(JsonFormat.write(profile)));
    }

    @Test
    void documentFollowsTheSchema() throws Exception {
        JsonNode root = MAPPER.readTree(JsonFormat.write(Profiles.small()));

        assertEquals("threadprof/v2", root.get("schema").asText());
        assertEquals(7, root.get("total").asInt());
        assertEquals("2025-03-01T10:15:30.123456789Z", root.get("capturedAt").asText());
        assertEquals(1234, root.get("process").get("pid").asLong());
        JsonNode worker = root.get("threads").get(1);
        assertEquals("worker-7-3", worker.get("name").asText());
        assertEquals("PARK", worker.get("waitingOn").get("kind").asText());
        assertEquals("1b6d3586", worker.get("waitingOn").get("identityHash").asText());
        assertEquals("jetty-http-12", worker.get("createdBy").get("parentName").asText());
        assertEquals("RECORDED", worker.get("origin").asText());
        JsonNode park = framesOf(root, worker.get("stack").asInt()).get(0);
        assertEquals("java.base", park.get("module").asText());
        assertEquals("jdk.internal.misc.Unsafe", park.get("class").asText());
        assertEquals(StackFrame.NATIVE, park.get("line").asInt());

        JsonNode largest = root.get("groups").get(0);
        assertEquals(3, largest.get("count").asInt());
        assertEquals("WAITING", largest.get("state").asText());
        assertEquals("worker-*-*", largest.get("namePattern").asText());
        assertEquals("worker-*-* (worker-7-1, worker-7-3, worker-12-1)", largest.get("names").asText());
        assertEquals("[42,40,44]", largest.get("threadIds").toString());
        assertEquals("work", framesOf(root, largest.get("stack").asInt()).get(3).get("method").asText());
        assertTrue(root.get("groups").get(3).get("virtual").asBoolean());
        // appFrame: the group's first application frame, the model's definition (TaskQueue.take, not Unsafe.park)
        JsonNode appFrame = root.get("frames").get(largest.get("appFrame").asInt());
        assertEquals("dev.threadprofiling.workerpool.TaskQueue", appFrame.get("class").asText());
        assertEquals("take", appFrame.get("method").asText());
        JsonNode empty = groupNamed(root, "Signal Dispatcher");
        assertTrue(empty.get("appFrame").isNull(), "a group without an application frame has appFrame null: " + empty);
    }

    private static JsonNode groupNamed(JsonNode root, String names) {
        for (JsonNode group : root.get("groups")) {
            if (group.get("names").asText().equals(names)) {
                return group;
            }
        }
        throw new AssertionError("no group named " + names + " in " + root.get("groups"));
    }

    @Test
    void keepsEachFrameAndStackOnce() throws Exception {
        JsonNode root = MAPPER.readTree(JsonFormat.write(Profiles.small()));
        java.util.Set<JsonNode> frames = new java.util.HashSet<>();
        root.get("frames").forEach(frames::add);
        assertEquals(root.get("frames").size(), frames.size(), "a frame is listed twice");
        java.util.Set<JsonNode> stacks = new java.util.HashSet<>();
        root.get("stacks").forEach(stacks::add);
        assertEquals(root.get("stacks").size(), stacks.size(), "a stack is listed twice");
        // Three workers parked in the same place share one stack, and their group refers to it.
        JsonNode threads = root.get("threads");
        assertEquals(threads.get(1).get("stack"), threads.get(2).get("stack"));
        assertEquals(threads.get(1).get("stack"), root.get("groups").get(0).get("stack"));
    }

    @Test
    void readsTheFirstSchemaStill() throws Exception {
        ThreadProfile old;
        try (var in = JsonFormatTest.class.getResourceAsStream("/profiles/exercise-v1.json")) {
            old = JsonFormat.read(in);
        }
        assertEquals(28, old.total());
        assertTrue(old.threads().stream().anyMatch(t -> t.createdBy() != null && !t.createdBy().frames().isEmpty()));
        assertEquals(old, JsonFormat.read(JsonFormat.write(old)));
    }

    @Test
    void refusesAStackIndexOutOfTheTable() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> ((ObjectNode) root.get("threads").get(0)).put("stack", 99))));
        assertTrue(e.getMessage().startsWith("invalid thread profile: threads[0].stack must be an index below"),
                e.getMessage());
    }

    private static JsonNode framesOf(JsonNode root, int stack) {
        com.fasterxml.jackson.databind.node.ArrayNode frames = MAPPER.createArrayNode();
        root.get("stacks").get(stack).forEach(index -> frames.add(root.get("frames").get(index.asInt())));
        return frames;
    }

    @Test
    void rejectsInputThatIsNotJson() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read("\"main\" #1 prio=5 os_prio=0 tid=0x00007f"));
        assertTrue(e.getMessage().startsWith("not a threadprof JSON profile: the input is not valid JSON"), e.getMessage());
        e = assertThrows(ProfileFormatException.class, () -> JsonFormat.read(""));
        assertEquals("not a threadprof JSON profile: the input is empty", e.getMessage());
    }

    @Test
    void rejectsAWrongOrMissingSchema() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read("{\"schema\": \"threadprof/v9\"}"));
        assertEquals("unsupported thread profile schema \"threadprof/v9\": this reader understands \"threadprof/v2\""
                + " and \"threadprof/v1\"", e.getMessage());
        e = assertThrows(ProfileFormatException.class, () -> JsonFormat.read("{\"threadDump\": {}}"));
        assertEquals("not a threadprof JSON profile: no \"schema\" field (expected \"threadprof/v2\")", e.getMessage());
        e = assertThrows(ProfileFormatException.class, () -> JsonFormat.read("[1, 2]"));
        assertTrue(e.getMessage().contains("expected a JSON object, found array"), e.getMessage());
    }

    @Test
    void namesTheMissingOrMistypedField() throws Exception {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> frame(root, 0).putNull("method"))));
        assertEquals("invalid thread profile: frames[0].method is missing", e.getMessage());
        e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> frame(root, 2).put("line", "52"))));
        assertEquals("invalid thread profile: frames[2].line must be an integer", e.getMessage());
        e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> ((ObjectNode) root.get("threads").get(0)).put("origin", "LATER"))));
        assertEquals("invalid thread profile: threads[0].origin is \"LATER\", expected one of "
                + "[RECORDED, BEFORE_RECORDING, NOT_TRACKED, NOT_YET_RECORDED]", e.getMessage());
        e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> root.put("total", 8))));
        assertEquals("inconsistent thread profile: \"total\" is 8 but \"threads\" has 7 entries", e.getMessage());
        e = assertThrows(ProfileFormatException.class,
                () -> JsonFormat.read(edited(root -> root.put("capturedAt", "yesterday"))));
        assertTrue(e.getMessage().startsWith("invalid thread profile: capturedAt must be an ISO-8601 instant"),
                e.getMessage());
    }

    private static ObjectNode frame(ObjectNode root, int frame) {
        return (ObjectNode) root.get("frames").get(frame);
    }

    private static String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(JsonFormat.write(Profiles.small()));
        edit.accept(root);
        return MAPPER.writeValueAsString(root);
    }
}
