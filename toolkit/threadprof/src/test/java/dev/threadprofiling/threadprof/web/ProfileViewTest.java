package dev.threadprofiling.threadprof.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.Profiles;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the web view draws, as Java answers it: the page only lays it out. */
class ProfileViewTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aThreadProfileComesWithItsGroupsApplicationFramesTopAndFlame() throws Exception {
        ThreadProfile profile = Profiles.small();
        JsonNode view = post("{\"profile\":" + JsonFormat.write(profile) + ",\"base\":null}", null);
        assertEquals("threads", view.get("view").asText());
        assertTrue(view.get("status").asText().startsWith("total " + profile.total() + " threads in "), view.toString());
        JsonNode first = view.get("groups").get(0);
        assertEquals("TaskQueue.take(TaskQueue.java:" + Profiles.TAKE.line() + ")", first.get("app").asText(), first.toString());
        assertEquals(List.of(false, false, true), appMarks(first.get("frames")).subList(0, 3), "park, park, take: " + first);
        assertEquals("threads", view.get("top").get("unit").asText());
        JsonNode park = view.get("top").get("rows").get(0);
        assertEquals("jdk.internal.misc.Unsafe.park", park.get("function").asText(), park.toString());
        assertEquals(String.valueOf(park.get("flat").asLong()), park.get("flatText").asText());
        assertEquals(profile.total(), view.get("flame").get("weight").asInt());
        assertTrue(view.get("flame").get("app").isNull(), "the root is neither the application's nor a library's");
        assertTrue(view.get("diff") == null, "no base, no diff");
    }

    @Test
    void aBaseGivesTheGroupsThatGrewFirst() throws Exception {
        ThreadProfile base = Profiles.small();
        List<ThreadSample> more = new ArrayList<>(base.threads());
        more.add(Profiles.worker(990, "worker-9-1"));
        more.add(Profiles.worker(991, "worker-9-2"));
        ThreadProfile now = new ThreadProfile(base.capturedAt().plusSeconds(5), base.process(), more);
        JsonNode diff = post("{\"profile\":" + JsonFormat.write(now) + ",\"base\":" + JsonFormat.write(base) + "}", null)
                .get("diff");
        assertEquals("total " + base.total() + " -> " + now.total() + " (+2)", diff.get("label").asText());
        assertEquals(1, diff.get("rows").size(), diff.toString());
        JsonNode grew = diff.get("rows").get(0);
        assertEquals("+2", grew.get("delta").asText());
        assertTrue(grew.get("grew").asBoolean());
        assertEquals("worker-9-*", grew.get("names").asText(), "the names of the new threads: " + grew);
    }

    @Test
    void aContentionProfileComesWithItsWaitsInItsUnits() throws Exception {
        StackFrame quote = new StackFrame(null, "dev.shop.PriceList", "quote", "PriceList.java", 31);
        StackFrame park = new StackFrame(null, "jdk.internal.misc.Unsafe", "park", "Unsafe.java", -1);
        Instant start = Instant.parse("2024-05-06T07:08:00Z");
        ContentionProfile profile = new ContentionProfile(ContentionKind.MUTEX, true, Duration.ofMillis(10), start,
                start.plusSeconds(12), true, List.of(
                        new ContentionSample(List.of(quote), ContentionSample.MONITOR_ENTER, "dev.shop.PriceList", "http-3", null, 2,
                                250_000_000L),
                        new ContentionSample(List.of(quote), ContentionSample.MONITOR_ENTER, "dev.shop.PriceList", "http-7", null, 1,
                                4_000_000_000L),
                        new ContentionSample(List.of(park), ContentionSample.MONITOR_ENTER, "dev.shop.Audit", null, null, 1,
                                12_000L)), null);
        JsonNode view = post("{\"profile\":" + new String(ContentionJson.writeBytes(profile), StandardCharsets.UTF_8) + "}",
                "mutex.json");
        assertEquals("mutex", view.get("view").asText());
        assertEquals(profile.summary() + ", 2 stacks (file mutex.json)", view.get("status").asText());
        assertTrue(view.get("notice").isNull());
        JsonNode ledger = view.get("waits").get(0);
        assertEquals("4.25s", ledger.get("delay").asText(), ledger.toString());
        assertEquals(3, ledger.get("contentions").asInt());
        assertEquals("owner=" + ThreadNames.summary(List.of("http-3", "http-7")), ledger.get("others").asText(), ledger.toString());
        assertEquals("PriceList.quote(PriceList.java:31)", ledger.get("app").asText());
        JsonNode audit = view.get("waits").get(1);
        assertEquals("12us", audit.get("delay").asText());
        assertEquals("-", audit.get("others").asText());
        assertTrue(!audit.get("hasApp").asBoolean(), "Unsafe.park is no application frame: " + audit);
        assertEquals("Unsafe.park(Unsafe.java)", audit.get("app").asText(), "its innermost frame instead");
        assertEquals("delay", view.get("top").get("unit").asText());
        assertEquals("4.25s", view.get("top").get("rows").get(0).get("flatText").asText());
    }

    @Test
    void whatIsNoProfileIsRefusedWithAReason() throws Exception {
        ProfileView.Answer notJson = ProfileView.answer("goroutine 1 [running]:".getBytes(StandardCharsets.UTF_8), "dump.txt");
        assertEquals(400, notJson.status());
        assertTrue(error(notJson).startsWith("cannot open dump.txt: it is not JSON, not a threadprof profile."), error(notJson));
        ProfileView.Answer other = ProfileView.answer("{\"profile\":{\"schema\":\"pprof/v9\"}}".getBytes(StandardCharsets.UTF_8),
                "other.json");
        assertTrue(error(other).startsWith("cannot open other.json: its schema is \"pprof/v9\", not a threadprof profile."),
                error(other));
        ProfileView.Answer broken = ProfileView.answer("{\"profile\":{\"schema\":\"threadprof/v2\"}}".getBytes(StandardCharsets.UTF_8),
                null);
        assertEquals(400, broken.status());
        assertTrue(error(broken).startsWith("cannot open the posted profile: invalid thread profile: "), error(broken));
    }

    private static JsonNode post(String request, String file) throws Exception {
        ProfileView.Answer answer = ProfileView.answer(request.getBytes(StandardCharsets.UTF_8), file);
        assertEquals(200, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        return MAPPER.readTree(answer.body());
    }

    private static String error(ProfileView.Answer answer) throws Exception {
        return MAPPER.readTree(answer.body()).get("error").asText();
    }

    private static List<Boolean> appMarks(JsonNode frames) {
        List<Boolean> marks = new ArrayList<>();
        frames.forEach(f -> marks.add(f.get("app").asBoolean()));
        return marks;
    }
}
