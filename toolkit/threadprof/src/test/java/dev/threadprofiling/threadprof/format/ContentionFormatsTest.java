package dev.threadprofiling.threadprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.model.ContentionProfile;
import dev.threadprofiling.threadprof.model.ContentionSample;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentionFormatsTest {

    private static final Instant START = Instant.parse("2024-05-06T07:08:00Z");
    private static final Instant END = START.plusMillis(12_300);
    private static final StackFrame QUOTE = new StackFrame(null, "dev.shop.PriceList", "quote", "PriceList.java", 31);
    private static final StackFrame HANDLE = new StackFrame(null, "dev.shop.Handler", "handle", "Handler.java", 12);
    private static final StackFrame PARK = new StackFrame(null, "jdk.internal.misc.Unsafe", "park", "Unsafe.java", -1);
    private static final StackFrame PUT = new StackFrame(null, "dev.shop.Audit", "append", "Audit.java", 20);
    private static final StackFrame CARRIER_PARK = new StackFrame("java.base", "java.lang.VirtualThread",
            "parkOnCarrierThread", "VirtualThread.java", 830);
    private static final StackFrame RATES = new StackFrame(null, "dev.shop.Rates", "<clinit>", "Rates.java", 9);

    private static ContentionProfile profile(ContentionKind kind) {
        List<ContentionSample> samples = List.of(
                new ContentionSample(List.of(QUOTE, HANDLE), ContentionSample.MONITOR_ENTER, "dev.shop.PriceList",
                        "http-3", 2, 30_000_000),
                new ContentionSample(List.of(QUOTE, HANDLE), ContentionSample.MONITOR_ENTER, "dev.shop.PriceList",
                        "http-7", 1, 12_000_000),
                new ContentionSample(List.of(PARK, PUT, HANDLE), ContentionSample.THREAD_PARK,
                        "java.util.concurrent.SynchronousQueue$TransferStack", null, 5, 100_000_000),
                new ContentionSample(List.of(CARRIER_PARK, RATES, HANDLE), ContentionSample.VIRTUAL_THREAD_PINNED, null,
                        null, "VM call to dev.shop.Rates.<clinit> on stack", 4, 400_000_000));
        return new ContentionProfile(kind, true, Duration.ofMillis(10), START, END, true,
                samples.stream().filter(sample -> sample.belongsTo(kind)).toList());
    }

    @Test
    void debug1GroupsByStackLargestDelayFirstWithTheOwners() {
        assertEquals("""
                --- block profile: 8 contentions, 0.142 s delay in 12.3 s since recording began (threshold 10 ms)
                100000000 5 @ jdk.ThreadPark lock=java.util.concurrent.SynchronousQueue$TransferStack
                #\tjdk.internal.misc.Unsafe.park(Unsafe.java)
                #\tdev.shop.Audit.append(Audit.java:20)
                #\tdev.shop.Handler.handle(Handler.java:12)

                42000000 3 @ jdk.JavaMonitorEnter lock=dev.shop.PriceList owner=http-* (http-3, http-7)
                #\tdev.shop.PriceList.quote(PriceList.java:31)
                #\tdev.shop.Handler.handle(Handler.java:12)

                """, ContentionText.render(profile(ContentionKind.BLOCK)));
    }

    @Test
    void theMutexProfileHoldsOnlyLockWaits() {
        String text = ContentionText.render(profile(ContentionKind.MUTEX));

        assertEquals("--- mutex profile: 3 contentions, 0.042 s delay in 12.3 s since recording began (threshold 10 ms)",
                text.lines().findFirst().orElseThrow());
        assertEquals(List.of("42000000 3 @ jdk.JavaMonitorEnter lock=dev.shop.PriceList owner=http-* (http-3, http-7)"),
                text.lines().filter(line -> line.contains(" @ ")).toList());
    }

    @Test
    void jsonCarriesTotalsAndEverySample() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ContentionJson.writeBytes(profile(ContentionKind.BLOCK)));

        assertEquals(ContentionJson.SCHEMA, root.get("schema").asText());
        assertEquals("block", root.get("profile").asText());
        assertEquals(8, root.get("contentions").asLong());
        assertEquals(142_000_000, root.get("delayNanos").asLong());
        assertEquals(10_000_000, root.get("thresholdNanos").asLong());
        assertEquals(profile(ContentionKind.BLOCK).summary(), root.get("summary").asText(), "debug=1's first line, for the web view");
        assertEquals(3, root.get("samples").size());
        JsonNode first = root.get("samples").get(0);
        assertEquals("jdk.ThreadPark", first.get("event").asText());
        assertEquals("dev.shop.Audit", first.get("frames").get(1).get("class").asText());
        assertEquals(20, first.get("frames").get(1).get("line").asInt());
        assertEquals("http-3", root.get("samples").get(1).get("owner").asText());
    }

    @Test
    void jsonReadsBackToTheSameProfile() {
        ContentionProfile block = profile(ContentionKind.BLOCK);
        byte[] json = ContentionJson.writeBytes(block);

        assertTrue(ContentionJson.isContentionJson(json));
        assertEquals(block, ContentionJson.read(json, "block.json"));
        ContentionProfile mutex = profile(ContentionKind.MUTEX);
        assertEquals(mutex, ContentionJson.read(ContentionJson.writeBytes(mutex), "mutex.json"));
    }

    @Test
    void readingSomethingElseNamesWhatIsWrong() {
        byte[] threads = "{\"schema\": \"threadprof/v2\", \"threads\": []}".getBytes(StandardCharsets.UTF_8);
        assertFalse(ContentionJson.isContentionJson(threads));
        assertFalse(ContentionJson.isContentionJson("Full thread dump".getBytes(StandardCharsets.UTF_8)));
        ProfileFormatException noSamples = assertThrows(ProfileFormatException.class, () -> ContentionJson.read(
                ("{\"schema\": \"" + ContentionJson.SCHEMA + "\", \"profile\": \"block\"}").getBytes(StandardCharsets.UTF_8),
                "cut.json"));
        assertEquals("invalid threadprof-contention/v1 profile in cut.json: \"samples\" is missing", noSamples.getMessage());
    }

    @Test
    void pprofViewHasGoSampleTypesAndLabels() {
        WeightedProfile weighted = profile(ContentionKind.BLOCK).weighted();

        assertEquals(List.of(ContentionProfile.CONTENTIONS, ContentionProfile.DELAY), weighted.sampleTypes());
        assertEquals(12_300_000_000L, weighted.durationNanos());
        assertEquals(List.of(5L, 100_000_000L), weighted.samples().get(0).values());
        assertEquals(Map.of("event", "jdk.JavaMonitorEnter", "lock", "dev.shop.PriceList", "owner", "http-3"),
                weighted.samples().get(1).labels());
    }

    @Test
    void thePinnedProfileHoldsOnlyPinningsWithTheirReason() {
        ContentionProfile pinned = profile(ContentionKind.PINNED);

        assertEquals("""
                --- pinned profile: 4 pinnings, 0.400 s delay in 12.3 s since recording began (threshold 10 ms)
                400000000 4 @ jdk.VirtualThreadPinned reason="VM call to dev.shop.Rates.<clinit> on stack"
                #\tjava.base/java.lang.VirtualThread.parkOnCarrierThread(VirtualThread.java:830)
                #\tdev.shop.Rates.<clinit>(Rates.java:9)
                #\tdev.shop.Handler.handle(Handler.java:12)

                """, ContentionText.render(pinned));
        assertEquals(pinned, ContentionJson.read(ContentionJson.writeBytes(pinned), "pinned.json"));
        WeightedProfile weighted = pinned.weighted();
        assertEquals(List.of(new WeightedProfile.ValueType("pinnings", "count"), ContentionProfile.DELAY),
                weighted.sampleTypes());
        assertEquals(Map.of("event", "jdk.VirtualThreadPinned", "reason", "VM call to dev.shop.Rates.<clinit> on stack"),
                weighted.samples().get(0).labels());
    }

    @Test
    void aProfileThisJvmCannotRecordSaysWhyInEveryFormat() throws Exception {
        ContentionProfile unavailable = ContentionProfile.unavailable(ContentionKind.PINNED, START,
                "virtual threads need Java 21+, this JVM is Java 17.0.15");
        String why = "pinned profile: not available on this JVM: virtual threads need Java 21+, this JVM is Java 17.0.15";

        assertEquals("--- " + why + "\n", ContentionText.render(unavailable));
        assertEquals(List.of(why), unavailable.weighted().comments());
        byte[] json = ContentionJson.writeBytes(unavailable);
        assertEquals("virtual threads need Java 21+, this JVM is Java 17.0.15",
                new ObjectMapper().readTree(json).get("unavailable").asText());
        assertEquals(unavailable, ContentionJson.read(json, "pinned.json"));
        assertFalse(new ObjectMapper().readTree(ContentionJson.writeBytes(profile(ContentionKind.PINNED)))
                .has("unavailable"), "a profile this JVM records has no such field");
    }

    @Test
    void aProfileThatIsNotRecordedSaysHowToSwitchItOn() {
        String text = ContentionText.render(ContentionProfile.notRecording(ContentionKind.MUTEX, START));

        assertEquals("--- mutex profile: contention is not recorded (enable it with ContentionRecorder.enable,"
                + " the counterpart of runtime.SetBlockProfileRate / SetMutexProfileFraction)\n", text);
    }
}
