package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WeightedProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Any {@link WeightedProfile} as pprof's {@code profile.proto}: what {@code GET /debug/threads},
 * {@code /debug/block} and {@code /debug/mutex} serve and {@code go tool pprof} opens (the Go
 * chapter's {@code debug=0}). The one pprof writer: a new profile is a new source, not a new writer.
 *
 * <pre>{@code
 * Files.write(Path.of("threads.pb.gz"), PprofFormat.gzipped(ThreadCapture.create().capture()));
 * // go tool pprof -top threads.pb.gz
 * // go tool pprof -list 'WorkerPool.work' -source_path src/main/java threads.pb.gz
 * }</pre>
 *
 * <p>A thread profile has one sample type, {@code threads/count} (see
 * {@link WeightedProfile#threadCounts}); a contention profile has {@code contentions/count} and
 * {@code delay/nanoseconds}. Sample labels become pprof string labels, those in {@link WeightedProfile#NUMERIC_LABELS} numeric ones. Each distinct frame is one location with one line; each distinct method and
 * source file is one function named {@code package.Class.method}, whose file name is the source
 * path relative to a source root ({@code dev/threadprofiling/workerpool/WorkerPool.java}), so that
 * {@code -source_path src/main/java} finds the source. Every location belongs to a single mapping
 * marked as already symbolised, so {@code go tool pprof} neither looks for a binary nor warns.
 */
public final class PprofFormat {

    /** The mapping every location refers to: the JVM, already symbolised. */
    static final String MAPPING_FILE = "jvm";

    // profile.proto field numbers (github.com/google/pprof/proto/profile.proto).
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_MAPPING = 3;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_DURATION_NANOS = 10;
    private static final int PROFILE_PERIOD_TYPE = 11;
    private static final int PROFILE_PERIOD = 12;
    private static final int PROFILE_COMMENT = 13;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int SAMPLE_LABEL = 3;
    private static final int LABEL_KEY = 1;
    private static final int LABEL_STR = 2;
    private static final int LABEL_NUM = 3;
    private static final int MAPPING_ID = 1;
    private static final int MAPPING_FILENAME = 5;
    private static final int MAPPING_HAS_FUNCTIONS = 7;
    private static final int MAPPING_HAS_FILENAMES = 8;
    private static final int MAPPING_HAS_LINE_NUMBERS = 9;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_MAPPING_ID = 2;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int LINE_LINE = 2;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;
    private static final int FUNCTION_FILENAME = 4;

    private static final long MAPPING_ID_JVM = 1;

    private PprofFormat() {
    }

    /** The profile as {@code go tool pprof} reads it from a file or over HTTP: gzipped protobuf. */
    public static byte[] gzipped(ThreadProfile profile) {
        return gzipped(WeightedProfile.threadCounts(Objects.requireNonNull(profile, "profile")));
    }

    /** Any weighted-stack profile (threads, block, mutex, pinned), gzipped. */
    public static byte[] gzipped(WeightedProfile profile) {
        byte[] raw = encode(profile);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a pprof profile in memory", e);
        }
        return out.toByteArray();
    }

    /** The profile as raw (not gzipped) {@code perftools.profiles.Profile} protobuf bytes. */
    public static byte[] encode(ThreadProfile profile) {
        return encode(WeightedProfile.threadCounts(Objects.requireNonNull(profile, "profile")));
    }

    /** Any weighted-stack profile as raw {@code perftools.profiles.Profile} protobuf bytes. */
    public static byte[] encode(WeightedProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return new Encoder().encode(profile);
    }

    /**
     * The source path pprof shows and {@code -source_path} resolves: the class's package as folders
     * plus the frame's file name, e.g. {@code java/lang/Thread.java}; empty when the file is unknown.
     */
    static String sourcePath(StackFrame frame) {
        String file = frame.fileName();
        if (file == null || file.isEmpty()) {
            return "";
        }
        String className = frame.className();
        int lastDot = className.lastIndexOf('.');
        if (lastDot < 0) {
            return file;
        }
        return className.substring(0, lastDot).replace('.', '/') + '/' + file;
    }

    /** One pprof function: a method in a source file. */
    private record FunctionKey(String className, String methodName, String fileName) {
    }

    /** One encoding run: the string table and the id tables it fills. */
    private static final class Encoder {
        private final Map<String, Integer> stringIndex = new HashMap<>();
        private final List<String> strings = new ArrayList<>();
        private final Map<StackFrame, Long> locationIds = new HashMap<>();
        private final Map<FunctionKey, Long> functionIds = new HashMap<>();
        private final ProtoWriter locations = new ProtoWriter(4096);
        private final ProtoWriter functions = new ProtoWriter(4096);
        private final ProtoWriter message = new ProtoWriter(256);
        private final ProtoWriter inner = new ProtoWriter(64);
        private final ProtoWriter location = new ProtoWriter(64);
        private final ProtoWriter line = new ProtoWriter(32);
        private final ProtoWriter function = new ProtoWriter(32);

        Encoder() {
            intern(""); // string_table[0] must be "".
        }

        byte[] encode(WeightedProfile profile) {
            ProtoWriter out = new ProtoWriter(8192);
            for (WeightedProfile.ValueType type : profile.sampleTypes()) {
                out.message(PROFILE_SAMPLE_TYPE, valueType(type));
            }

            long[] ids = new long[64];
            long[] values = new long[profile.sampleTypes().size()];
            for (WeightedProfile.Sample sample : profile.samples()) {
                List<StackFrame> frames = sample.frames();
                if (ids.length < frames.size()) {
                    ids = new long[frames.size()];
                }
                for (int i = 0; i < frames.size(); i++) {
                    ids[i] = locationId(frames.get(i)); // innermost first, as pprof wants the leaf at [0]
                }
                message.packedVarints(SAMPLE_LOCATION_ID, ids, frames.size());
                for (int i = 0; i < values.length; i++) {
                    values[i] = sample.values().get(i);
                }
                message.packedVarints(SAMPLE_VALUE, values, values.length);
                for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                    inner.varintField(LABEL_KEY, intern(label.getKey()));
                    if (WeightedProfile.NUMERIC_LABELS.contains(label.getKey())) {
                        inner.varintField(LABEL_NUM, Long.parseLong(label.getValue()));
                    } else {
                        inner.varintField(LABEL_STR, intern(label.getValue()));
                    }
                    message.message(SAMPLE_LABEL, inner);
                }
                out.message(PROFILE_SAMPLE, message);
            }

            out.message(PROFILE_MAPPING, message.varintField(MAPPING_ID, MAPPING_ID_JVM)
                    .varintField(MAPPING_FILENAME, intern(MAPPING_FILE))
                    .boolField(MAPPING_HAS_FUNCTIONS, true)
                    .boolField(MAPPING_HAS_FILENAMES, true)
                    .boolField(MAPPING_HAS_LINE_NUMBERS, true));
            out.raw(locations);
            out.raw(functions);

            out.varintField(PROFILE_TIME_NANOS, epochNanos(profile.time()));
            out.varintField(PROFILE_DURATION_NANOS, profile.durationNanos());
            out.message(PROFILE_PERIOD_TYPE, valueType(profile.periodType()));
            out.varintField(PROFILE_PERIOD, profile.period());
            for (String comment : profile.comments()) {
                out.varintField(PROFILE_COMMENT, intern(comment));
            }

            // Last, so it holds every string interned above.
            for (String s : strings) {
                out.stringField(PROFILE_STRING_TABLE, s.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        }

        private ProtoWriter valueType(WeightedProfile.ValueType type) {
            return inner.varintField(VALUE_TYPE_TYPE, intern(type.type())).varintField(VALUE_TYPE_UNIT, intern(type.unit()));
        }

        private long locationId(StackFrame frame) {
            Long known = locationIds.get(frame);
            if (known != null) {
                return known;
            }
            long id = locationIds.size() + 1L;
            locationIds.put(frame, id);
            long functionId = functionId(frame);
            long lineNumber = frame.line() > 0 ? frame.line() : 0; // native and unknown lines: 0
            location.varintField(LOCATION_ID, id)
                    .varintField(LOCATION_MAPPING_ID, MAPPING_ID_JVM)
                    .message(LOCATION_LINE, line.varintField(LINE_FUNCTION_ID, functionId)
                            .varintField(LINE_LINE, lineNumber));
            locations.message(PROFILE_LOCATION, location);
            return id;
        }

        private long functionId(StackFrame frame) {
            FunctionKey key = new FunctionKey(frame.className(), frame.methodName(), frame.fileName());
            Long known = functionIds.get(key);
            if (known != null) {
                return known;
            }
            long id = functionIds.size() + 1L;
            functionIds.put(key, id);
            long name = intern(frame.function());
            function.varintField(FUNCTION_ID, id)
                    .varintField(FUNCTION_NAME, name)
                    .varintField(FUNCTION_SYSTEM_NAME, name)
                    .varintField(FUNCTION_FILENAME, intern(sourcePath(frame)));
            functions.message(PROFILE_FUNCTION, function);
            return id;
        }

        private long intern(String s) {
            Integer index = stringIndex.get(s);
            if (index != null) {
                return index;
            }
            int next = strings.size();
            stringIndex.put(s, next);
            strings.add(s);
            return next;
        }

        private static long epochNanos(Instant time) {
            if (time == null) {
                return 0;
            }
            return time.getEpochSecond() * 1_000_000_000L + time.getNano();
        }
    }
}
