package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * A thread profile as pprof's {@code profile.proto}: what {@code GET /debug/threads} serves and
 * {@code go tool pprof} opens (the Go chapter's {@code debug=0}).
 *
 * <pre>{@code
 * Files.write(Path.of("threads.pb.gz"), PprofFormat.gzipped(ThreadCapture.create().capture()));
 * // go tool pprof -top threads.pb.gz
 * // go tool pprof -list 'WorkerPool.work' -source_path src/main/java threads.pb.gz
 * }</pre>
 *
 * <p>The profile has one sample type, {@code threads/count}. Threads with the same state, virtual
 * flag and stack become one sample whose value is their count, labelled {@code state} and
 * {@code virtual}. Each distinct frame is one location with one line; each distinct method and
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

    /** Threads with the same state, virtual flag and stack: one pprof sample. */
    private static final class GroupKey {
        final String state;
        final boolean virtual;
        final List<StackFrame> frames;
        private final int hash;

        GroupKey(ThreadSample thread) {
            this.state = thread.state();
            this.virtual = thread.virtual();
            this.frames = thread.frames();
            this.hash = (state.hashCode() * 31 + Boolean.hashCode(virtual)) * 31 + frames.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey key && key.hash == hash && key.virtual == virtual
                    && key.state.equals(state) && key.frames.equals(frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
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

        byte[] encode(ThreadProfile profile) {
            Map<GroupKey, int[]> groups = new LinkedHashMap<>();
            for (ThreadSample thread : profile.threads()) {
                groups.computeIfAbsent(new GroupKey(thread), key -> new int[1])[0]++;
            }

            ProtoWriter out = new ProtoWriter(8192);
            out.message(PROFILE_SAMPLE_TYPE, valueType("threads", "count"));

            long stateKey = intern("state");
            long virtualKey = intern("virtual");
            long trueValue = intern("true");
            long falseValue = intern("false");
            long[] ids = new long[64];
            for (Map.Entry<GroupKey, int[]> group : groups.entrySet()) {
                GroupKey key = group.getKey();
                List<StackFrame> frames = key.frames;
                if (ids.length < frames.size()) {
                    ids = new long[frames.size()];
                }
                for (int i = 0; i < frames.size(); i++) {
                    ids[i] = locationId(frames.get(i)); // innermost first, as pprof wants the leaf at [0]
                }
                message.packedVarints(SAMPLE_LOCATION_ID, ids, frames.size());
                long[] value = {group.getValue()[0]};
                message.packedVarints(SAMPLE_VALUE, value, 1);
                message.message(SAMPLE_LABEL, inner.varintField(LABEL_KEY, stateKey)
                        .varintField(LABEL_STR, intern(key.state)));
                message.message(SAMPLE_LABEL, inner.varintField(LABEL_KEY, virtualKey)
                        .varintField(LABEL_STR, key.virtual ? trueValue : falseValue));
                out.message(PROFILE_SAMPLE, message);
            }

            out.message(PROFILE_MAPPING, message.varintField(MAPPING_ID, MAPPING_ID_JVM)
                    .varintField(MAPPING_FILENAME, intern(MAPPING_FILE))
                    .boolField(MAPPING_HAS_FUNCTIONS, true)
                    .boolField(MAPPING_HAS_FILENAMES, true)
                    .boolField(MAPPING_HAS_LINE_NUMBERS, true));
            out.raw(locations);
            out.raw(functions);

            out.varintField(PROFILE_TIME_NANOS, epochNanos(profile));
            out.message(PROFILE_PERIOD_TYPE, valueType("threads", "count"));
            out.varintField(PROFILE_PERIOD, 1);
            out.varintField(PROFILE_COMMENT, intern(comment(profile)));

            // Last, so it holds every string interned above.
            for (String s : strings) {
                out.stringField(PROFILE_STRING_TABLE, s.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        }

        private ProtoWriter valueType(String type, String unit) {
            return inner.varintField(VALUE_TYPE_TYPE, intern(type)).varintField(VALUE_TYPE_UNIT, intern(unit));
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

        private static long epochNanos(ThreadProfile profile) {
            if (profile.capturedAt() == null) {
                return 0;
            }
            return profile.capturedAt().getEpochSecond() * 1_000_000_000L + profile.capturedAt().getNano();
        }

        private static String comment(ThreadProfile profile) {
            ThreadProfile.ProcessInfo process = profile.process();
            if (process == null) {
                return "threadprof: " + profile.total() + " threads";
            }
            StringBuilder text = new StringBuilder("threadprof: ").append(profile.total()).append(" threads");
            if (process.pid() >= 0) {
                text.append(", pid ").append(process.pid());
            }
            if (process.mainClass() != null) {
                text.append(", ").append(process.mainClass());
            }
            if (process.javaVersion() != null) {
                text.append(", java ").append(process.javaVersion());
            }
            if (process.source() != null) {
                text.append(", ").append(process.source());
            }
            return text.toString();
        }
    }
}
