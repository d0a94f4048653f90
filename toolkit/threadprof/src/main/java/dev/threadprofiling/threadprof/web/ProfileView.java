package dev.threadprofiling.threadprof.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.DeadlockText;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.ContentionGroup;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.FrameText;
import dev.threadprofiling.threadprof.model.GroupDiff;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.StackGroup;
import dev.threadprofiling.threadprof.model.ThreadGrouping;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.TopRows;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the web view draws, answered by Java, so that frame text, application frames, groups, top rows, the
 * baseline diff and units are decided here once, as the CLI decides them. {@code GET <threads>/ui/view}: the
 * servers capture the thread profile and answer {@link #threads} at once (the page's usual load). {@code POST
 * <threads>/ui/view}: the page posts a profile it fetched or opened (and a baseline) and draws {@link #answer}.
 *
 * <pre>{@code
 * ProfileView.Answer answer = ProfileView.answer(body, "file mutex.json");   // POST body, the file's name or null
 * answer.status();  // 200, or 400 with {"error": "cannot open mutex.json: it is not JSON, …"}
 * }</pre>
 *
 * <p>The request is {@code {"profile": <document>, "base": <document> or null}}, a document being a
 * {@value JsonFormat#SCHEMA} (or {@value JsonFormat#SCHEMA_V1}) or {@value ContentionJson#SCHEMA} profile as the
 * servers answer {@code ?format=json}. The answer's {@code view} names the profile ({@code threads}, {@code block},
 * {@code mutex}, {@code pinned}); {@code status} is the page's status line; {@code top} ({@code unit}, {@code rows})
 * and {@code flame} (a tree of {@code name}, {@code app}, {@code weight}, {@code title}, {@code children}) weigh
 * threads or delay; a thread profile adds {@code total}, {@code groups}, {@code deadlocks} (the wait-for
 * cycles) and, with a base, {@code diff}
 * ({@code label}, {@code rows}); a contention profile adds {@code notice} (why it is empty, or {@code null}) and
 * {@code waits}.
 */
public final class ProfileView {

    /** Where the page posts its profile, under the profile's path: {@code /debug/threads} + {@value}. */
    public static final String VIEW_SUFFIX = WebAssets.UI_SUFFIX + "/view";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OPEN_HINT = "Open a file saved from /debug/threads?format=json, /debug/block, "
            + "/debug/mutex or /debug/pinned with ?format=json (scripts/threadprof web FILE also reads jstack and jcmd dumps).";

    /** An HTTP answer: its status and JSON body. */
    public record Answer(int status, byte[] body) {
    }

    private ProfileView() {
    }

    /**
     * The view of a posted request; {@code file} names a file the page opened ({@code null} for a profile it
     * fetched), for the status line and the errors.
     */
    public static Answer answer(byte[] request, String file) {
        String what = file == null ? "the posted profile" : file;
        JsonNode root;
        try {
            root = MAPPER.readTree(request);
        } catch (java.io.IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("profile")) {
            return error("cannot open " + what + ": it is not JSON, not a threadprof profile. " + OPEN_HINT);
        }
        JsonNode profile = root.get("profile");
        String schema = profile.isObject() && profile.has("schema") ? profile.get("schema").asText() : null;
        try {
            String from = file == null ? null : "file " + file;
            if (ContentionJson.SCHEMA.equals(schema)) {
                return ok(contention(ContentionJson.read(MAPPER.writeValueAsBytes(profile), what), from));
            }
            if (JsonFormat.SCHEMA.equals(schema) || JsonFormat.SCHEMA_V1.equals(schema)) {
                JsonNode base = root.path("base");
                return ok(threads(JsonFormat.read(profile), base.isObject() ? JsonFormat.read(base) : null, from));
            }
            return error("cannot open " + what + ": its schema is " + (schema == null ? "null" : MAPPER.writeValueAsString(schema))
                    + ", not a threadprof profile. " + OPEN_HINT);
        } catch (ProfileFormatException | JsonProcessingException e) {
            return error("cannot open " + what + ": " + e.getMessage());
        }
    }

    /** The view of a thread profile, with the diff from {@code base} when there is one. */
    public static ObjectNode threads(ThreadProfile profile, ThreadProfile base, String from) {
        List<StackGroup> groups = ThreadGrouping.group(profile);
        ObjectNode view = MAPPER.createObjectNode().put("view", "threads");
        view.put("status", "total " + profile.total() + " threads in " + groups.size() + " groups, captured "
                + profile.capturedAt() + (from != null ? " (" + from + ")"
                        : profile.process().source() != null ? " (" + profile.process().source() + ")" : ""));
        view.put("total", profile.total());
        ArrayNode rows = view.putArray("groups");
        for (StackGroup group : groups) {
            groupRow(rows.addObject().put("count", group.count()), group).put("names", group.nameSummary());
        }
        if (base != null) {
            ObjectNode diff = view.putObject("diff").put("label", GroupDiff.totals(base, profile));
            ArrayNode changes = diff.putArray("rows");
            for (GroupDiff.Change change : GroupDiff.between(base, profile)) {
                groupRow(changes.addObject().put("delta", GroupDiff.signed(change.delta())).put("grew", change.delta() > 0),
                        change.sample()).put("names", change.namePattern());
            }
        }
        waitForGraph(view.putArray("deadlocks"), profile);
        weighed(view, WeightedProfile.threadCounts(profile), 0, "all threads");
        return view;
    }

    /** The view of a block, mutex or pinned profile. */
    public static ObjectNode contention(ContentionProfile profile, String from) {
        List<ContentionGroup> groups = ContentionGroup.of(profile.samples());
        ObjectNode view = MAPPER.createObjectNode().put("view", profile.kind().pathName());
        view.put("status", profile.summary() + ", " + groups.size() + " stacks" + (from != null ? " (" + from + ")" : ""));
        view.put("notice", profile.recording() ? null : profile.summary());
        WeightedProfile weighted = profile.weighted();
        WeightedProfile.ValueType delay = weighted.sampleTypes().get(1);
        long total = profile.totalDelayNanos();
        ArrayNode waits = view.putArray("waits");
        for (ContentionGroup group : groups) {
            StackFrame app = ApplicationFrames.first(group.frames());
            ObjectNode wait = waits.addObject()
                    .put("delay", delay.format(group.delayNanos()))
                    .put("delayPct", TopRows.percentage(group.delayNanos(), total))
                    .put("contentions", group.count())
                    .put("event", group.event())
                    .put("lock", group.lockClass() == null ? "-" : group.lockClass())
                    .put("others", group.others() == null ? "-" : group.others())
                    .put("app", app != null ? FrameText.simple(app)
                            : group.frames().isEmpty() ? "-" : FrameText.simple(group.frames().get(0)))
                    .put("hasApp", app != null);
            frames(wait.putArray("frames"), group.frames());
        }
        weighed(view, weighted, 1, "all waits");
        return view;
    }

    /**
     * Each deadlock as the page draws it, in {@code debug=1}'s words: {@code heading}, then per edge in cycle order
     * the waiting {@code thread}, the lock it {@code waitsFor}, the {@code holderThread} the arrow points at, and
     * {@code holder} (who holds it and where it was taken); the last edge's holder is the first edge's thread.
     */
    private static void waitForGraph(ArrayNode cycles, ThreadProfile profile) {
        for (Deadlock deadlock : profile.deadlocks()) {
            ObjectNode cycle = cycles.addObject().put("heading", DeadlockText.heading(deadlock));
            ArrayNode edges = cycle.putArray("edges");
            for (Deadlock.Edge edge : deadlock.edges()) {
                edges.addObject()
                        .put("thread", "\"" + edge.threadName() + "\" #" + edge.threadId())
                        .put("waitsFor", edge.lock().describe())
                        .put("holderThread", "\"" + edge.holderName() + "\" #" + edge.holderId())
                        .put("holder", DeadlockText.holder(edge));
            }
        }
    }

    /** A group's state, application frame and stack: the columns the groups and the diff share. */
    private static ObjectNode groupRow(ObjectNode row, StackGroup group) {
        row.put("state", group.state() + (group.virtual() ? " virtual" : ""));
        row.put("app", FrameText.simple(group.firstApplicationFrame()));
        frames(row.putArray("frames"), group.frames());
        return row;
    }

    private static void frames(ArrayNode array, List<StackFrame> frames) {
        for (StackFrame frame : frames) {
            array.addObject().put("text", FrameText.plain(frame)).put("app", ApplicationFrames.isApplication(frame));
        }
    }

    /** {@code top} and {@code flame}, weighed by sample type {@code index} of {@code profile}. */
    private static void weighed(ObjectNode view, WeightedProfile profile, int index, String root) {
        WeightedProfile.ValueType type = profile.sampleTypes().get(index);
        long total = TopRows.total(profile, index);
        ObjectNode top = view.putObject("top").put("unit", type.type());
        ArrayNode rows = top.putArray("rows");
        for (TopRows.Row row : TopRows.of(profile, index)) {
            rows.addObject().put("function", row.function())
                    .put("flat", row.flat()).put("flatText", type.format(row.flat()))
                    .put("flatPct", TopRows.percentage(row.flat(), total))
                    .put("cum", row.cum()).put("cumText", type.format(row.cum()))
                    .put("cumPct", TopRows.percentage(row.cum(), total));
        }
        Flame flame = new Flame(root, null);
        for (WeightedProfile.Sample sample : profile.samples()) {
            flame.add(sample.frames(), sample.values().get(index));
        }
        view.set("flame", flame.toJson(type));
    }

    /** The icicle: outermost frame on top, each node the frames below it, heaviest first. */
    private static final class Flame {
        private final String name;
        private final StackFrame frame;
        private final Map<String, Flame> children = new LinkedHashMap<>();
        private long weight;

        Flame(String name, StackFrame frame) {
            this.name = name;
            this.frame = frame;
        }

        void add(List<StackFrame> frames, long value) {
            Flame node = this;
            node.weight += value;
            for (int i = frames.size() - 1; i >= 0; i--) {
                StackFrame f = frames.get(i);
                node = node.children.computeIfAbsent(FrameText.plain(f), text -> new Flame(text, f));
                node.weight += value;
            }
        }

        ObjectNode toJson(WeightedProfile.ValueType type) {
            ObjectNode node = MAPPER.createObjectNode().put("name", name);
            if (frame == null) {
                node.putNull("app");
            } else {
                node.put("app", ApplicationFrames.isApplication(frame));
            }
            node.put("weight", weight).put("title", name + " — " + type.format(weight) + " " + type.type());
            ArrayNode array = node.putArray("children");
            children.values().stream().sorted((a, b) -> Long.compare(b.weight, a.weight))
                    .forEach(child -> array.add(child.toJson(type)));
            return node;
        }
    }

    private static Answer ok(ObjectNode view) {
        return new Answer(200, view.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Answer error(String message) {
        return new Answer(400, ErrorJson.body(message, null).getBytes(StandardCharsets.UTF_8));
    }
}
