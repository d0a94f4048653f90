package dev.threadprofiling.threadprof.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The virtual threads of this JVM (Java 21+), which {@code ThreadMXBean}, {@code jstack} and
 * {@code Thread.getAllStackTraces()} do not see: read from the JDK's JSON thread dump,
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}, the same dump as
 * {@code jcmd <pid> Thread.dump_to_file -format=json}.
 *
 * <p>What the dump says depends on the JDK. Java 24+ writes each thread's {@code state},
 * {@code virtual}, {@code parkBlocker}, {@code blockedOn} and {@code waitingOn}; Java 21 writes only
 * {@code tid}, {@code name} and {@code stack}. From a Java 21 dump a thread counts as virtual when
 * its bottom frame is {@code java.lang.VirtualThread.run} and its state is inferred from its top
 * frames: {@code VirtualThread.park} or {@code Object.wait} is {@code WAITING},
 * {@code VirtualThread.parkNanos} is {@code TIMED_WAITING}, anything else {@code RUNNABLE}; its
 * blocker is unknown.
 *
 * <p>The dump only holds virtual threads the JDK tracks: with {@code -Djdk.trackAllThreads=false},
 * virtual threads started directly ({@code Thread.ofVirtual().start(…)}) are left out; those
 * started by an executor are always there. {@code -Dthreadprof.virtualThreads=false} skips the dump.
 */
public final class VirtualThreads {

    /** System property: {@code false} captures platform threads only. */
    static final String ENABLED_PROPERTY = "threadprof.virtualThreads";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    /** {@code module@version/}, {@code loader//} or {@code loader/module@version/}, then {@code Class.method(where)}. */
    private static final Pattern FRAME = Pattern.compile("(?:(.*)/)?([^/(]+)\\.([^.(]+)\\((.*)\\)");
    private static final Pattern HIDDEN_CLASS = Pattern.compile("/0x[0-9a-fA-F]+");
    private static final Pattern AT_HASH = Pattern.compile("(.*)@([0-9a-fA-F]+)");

    private VirtualThreads() {
    }

    /** Whether this JVM can have virtual threads and capturing them is not switched off. */
    public static boolean enabled() {
        return Runtime.version().feature() >= 21
                && !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim());
    }

    /**
     * Java 25 starts this platform thread when the first virtual thread is created and keeps it, so
     * without it there is no virtual thread and the dump can be skipped. Checked on Java 25 only (a
     * test holds it there); other versions always take the dump.
     */
    static final String UNBLOCKER_THREAD = "VirtualThread-unblocker";

    /** Whether a dump is worth taking, given the names of the platform threads alive now. */
    static boolean mayExist(Collection<String> platformThreadNames) {
        return Runtime.version().feature() != 25 || platformThreadNames.contains(UNBLOCKER_THREAD);
    }

    /**
     * The virtual threads alive now, skipping any id in {@code platformIds} (those come from
     * {@code ThreadMXBean} with their lock details).
     */
    public static List<ThreadSample> capture(Set<Long> platformIds, CreationLookup creations) {
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("threadprof-");
            file = dir.resolve("threads.json").toAbsolutePath();   // dumpThreads refuses relative or existing paths
            Dumper.dump(file);
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, platformIds, creations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not capture virtual threads through " + file
                    + "; -D" + ENABLED_PROPERTY + "=false captures platform threads only", e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    /** Reads the virtual threads out of a JDK JSON thread dump (Java 21 or later format). */
    static List<ThreadSample> parse(InputStream json, Set<Long> platformIds, CreationLookup creations) throws IOException {
        List<ThreadSample> samples = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Map<String, StackFrame> frameCache = new HashMap<>();
        try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && "threads".equals(parser.currentName())
                        && parser.nextToken() == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        ThreadSample sample = readThread(parser, frameCache).toSample(platformIds, creations);
                        if (sample != null && seen.add(sample.id())) {
                            samples.add(sample);
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("not a JDK JSON thread dump: " + e.getOriginalMessage(), e);
        }
        return samples;
    }

    /** One element of a container's {@code threads}, streamed: a dump of 10k threads is ~14 MB. */
    private static DumpedThread readThread(JsonParser parser, Map<String, StackFrame> frameCache) throws IOException {
        DumpedThread thread = new DumpedThread();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "tid" -> thread.id = Long.parseLong(parser.getValueAsString("-1"));
                case "name" -> thread.name = parser.getValueAsString("");
                case "state" -> thread.state = parser.getValueAsString();
                case "virtual" -> thread.virtual = value == JsonToken.VALUE_TRUE;
                case "blockedOn" -> thread.blocker = blocker(Blocker.Kind.MONITOR_ENTER, parser.getValueAsString(), -1);
                case "waitingOn" -> thread.blocker = blocker(Blocker.Kind.MONITOR_WAIT, parser.getValueAsString(), -1);
                case "parkBlocker" -> thread.blocker = readParkBlocker(parser);
                case "stack" -> {
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        thread.frames.add(frameCache.computeIfAbsent(parser.getText(), VirtualThreads::parseFrame));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return thread;
    }

    private static Blocker readParkBlocker(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String object = null;
        long owner = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "object" -> object = parser.getValueAsString();
                case "owner" -> owner = Long.parseLong(parser.getValueAsString("-1"));
                default -> parser.skipChildren();
            }
        }
        return object == null ? null : blocker(Blocker.Kind.PARK, object, owner);
    }

    /** What the dump says of one thread; {@code virtual} and {@code state} are absent before Java 24. */
    private static final class DumpedThread {
        long id = -1;
        String name = "";
        String state;
        Boolean virtual;
        Blocker blocker;
        final List<StackFrame> frames = new ArrayList<>();

        ThreadSample toSample(Set<Long> platformIds, CreationLookup creations) {
            if (id < 0 || platformIds.contains(id)) {
                return null;
            }
            boolean isVirtual = virtual != null ? virtual : startedByVirtualThreadRun(frames);
            if (!isVirtual) {
                return null;
            }
            return new ThreadSample(id, name, state != null ? state : inferState(frames), true, true, frames,
                    blocker, creations.creationOf(id).orElse(null), creations.originOf(id));
        }
    }

    private static boolean startedByVirtualThreadRun(List<StackFrame> frames) {
        if (frames.isEmpty()) {
            return false;
        }
        StackFrame bottom = frames.get(frames.size() - 1);
        return "java.lang.VirtualThread".equals(bottom.className()) && "run".equals(bottom.methodName());
    }

    /** For dumps without {@code state} (Java 21-23): what the top frames show, honestly little. */
    static String inferState(List<StackFrame> frames) {
        for (int i = 0; i < Math.min(4, frames.size()); i++) {
            StackFrame frame = frames.get(i);
            if ("java.lang.VirtualThread".equals(frame.className())) {
                switch (frame.methodName()) {
                    case "park", "parkOnCarrierThread":
                        return "WAITING";
                    case "parkNanos":
                        return "TIMED_WAITING";
                    default:
                        break;
                }
            }
            if ("java.lang.Object".equals(frame.className()) && frame.methodName().startsWith("wait")) {
                return "WAITING";
            }
        }
        return "RUNNABLE";
    }

    private static Blocker blocker(Blocker.Kind kind, String object, long ownerId) {
        if (object == null) {
            return null;
        }
        Matcher m = AT_HASH.matcher(object);
        String className = m.matches() ? m.group(1) : object;
        int hash = m.matches() ? (int) Long.parseLong(m.group(2), 16) : 0;
        return new Blocker(kind, Frames.normaliseClassName(className), hash, ownerId, null);
    }

    /**
     * One line of a dump's {@code stack}, as {@link StackTraceElement#toString()} writes it, e.g.
     * {@code java.base/java.lang.VirtualThread.park(VirtualThread.java:742)},
     * {@code app//Foo.bar(Foo.java:12)}, {@code Foo.run(Native Method)}.
     */
    static StackFrame parseFrame(String text) {
        Matcher m = FRAME.matcher(HIDDEN_CLASS.matcher(text).replaceAll(""));
        if (!m.matches()) {
            return new StackFrame(null, text, "?", null, -1);
        }
        String where = m.group(4);
        String fileName = null;
        int line = -1;
        if ("Native Method".equals(where)) {
            line = StackFrame.NATIVE;
        } else if (!"Unknown Source".equals(where)) {
            int colon = where.lastIndexOf(':');
            fileName = colon < 0 ? where : where.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    fileName = where;
                }
            }
        }
        return new StackFrame(moduleOf(m.group(1)), Frames.normaliseClassName(m.group(2)), m.group(3), fileName, line);
    }

    /** {@code java.base} → java.base; {@code app/} → none; {@code loader/mod@1.0} → mod. */
    private static String moduleOf(String prefix) {
        if (prefix == null) {
            return null;
        }
        String module = prefix.indexOf('/') >= 0 ? prefix.substring(prefix.indexOf('/') + 1) : prefix;
        int at = module.indexOf('@');
        if (at >= 0) {
            module = module.substring(0, at);
        }
        return module.isEmpty() ? null : module;
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }

    /** {@code HotSpotDiagnosticMXBean.dumpThreads(String, ThreadDumpFormat)} by reflection: it is Java 21+. */
    private static final class Dumper {

        private static final PlatformManagedObject BEAN;
        private static final Method DUMP_THREADS;
        private static final Object JSON_FORMAT;

        static {
            try {
                Class<? extends PlatformManagedObject> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean")
                        .asSubclass(PlatformManagedObject.class);
                Class<?> formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
                BEAN = ManagementFactory.getPlatformMXBean(beanType);
                DUMP_THREADS = beanType.getMethod("dumpThreads", String.class, formatType);
                JSON_FORMAT = formatType.getField("JSON").get(null);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(new IllegalStateException(
                        "this JVM has no HotSpotDiagnosticMXBean.dumpThreads (Java 21+ with jdk.management needed)", e));
            }
        }

        static void dump(Path file) throws IOException {
            try {
                DUMP_THREADS.invoke(BEAN, file.toString(), JSON_FORMAT);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("HotSpotDiagnosticMXBean.dumpThreads failed: " + cause, cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("HotSpotDiagnosticMXBean.dumpThreads is not accessible", e);
            }
        }
    }
}
