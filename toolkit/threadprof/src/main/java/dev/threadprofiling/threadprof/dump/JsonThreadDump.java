package dev.threadprofiling.threadprof.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WaitForGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of the JDK's JSON thread dump (Java 21+): what {@code jcmd <pid> Thread.dump_to_file
 * -format=json <file>} writes and what {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)} writes for
 * virtual-thread capture.
 *
 * <pre>{@code
 * ThreadProfile all = JsonThreadDump.read(in);                          // threadprof on a jcmd file
 * List<ThreadSample> virtual = JsonThreadDump.readVirtualThreads(in);   // capture of this JVM
 * }</pre>
 *
 * <p>A {@code threadDump} has {@code threadContainers}, each with {@code threads}: {@code tid},
 * {@code name}, {@code stack}, and from Java 24 on {@code state}, {@code virtual}, {@code parkBlocker}
 * ({@code object}, {@code owner}), {@code blockedOn} and {@code waitingOn}. Every container's threads are
 * read (the root container holds platform threads, executors and {@code ForkJoinPool}s hold virtual ones);
 * a thread listed twice is read once. The stream is read as it comes: a dump of 10,000 threads is 14 MB.
 *
 * <p>Where Java 21-23 write no {@code virtual}, a thread is virtual when its bottom frame is
 * {@code java.lang.VirtualThread.run}. Where they write no {@code state}, it is read from the top frames
 * (see {@link #inferState}); the blocker is then unknown. A stack line this reader cannot parse is an
 * error naming the line: a JDK that changes the format must fail a test, not print a made-up frame.
 * This JSON leaves out the JDK's hidden frames (lambda forms), which jstack prints.
 */
public final class JsonThreadDump {

    /** {@link ThreadProfile.ProcessInfo#source()} of a profile read from such a dump. */
    public static final String SOURCE = "jcmd-json";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    /** The top frames {@link #inferState} looks at. */
    private static final int STATE_FRAMES = 4;

    private JsonThreadDump() {
    }

    /**
     * Every thread of the dump, with the process it came from, and the deadlocks followed from the lock
     * owners it names ({@link WaitForGraph#fromLockOwners}: the dump has no deadlock section of its own).
     */
    public static ThreadProfile read(InputStream json) {
        Dump dump = parse(json);
        return new ThreadProfile(dump.time, new ThreadProfile.ProcessInfo(dump.pid, null, dump.runtimeVersion, SOURCE),
                dump.threads, WaitForGraph.fromLockOwners(dump.threads, false));
    }

    /** The virtual threads of the dump only (platform threads come from {@code ThreadMXBean} with lock details). */
    public static List<ThreadSample> readVirtualThreads(InputStream json) {
        return parse(json).threads.stream().filter(ThreadSample::virtual).toList();
    }

    private static Dump parse(InputStream json) {
        Dump dump = new Dump();
        try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notADump("it is not a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("threadDump".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                    readThreadDump(parser, dump);
                    found = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw notADump("no \"threadDump\" object");
            }
        } catch (JsonProcessingException e) {
            throw notADump("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a JSON thread dump: " + e.getMessage(), e);
        }
        return dump;
    }

    private static void readThreadDump(JsonParser parser, Dump dump) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "processId" -> dump.pid = Long.parseLong(parser.getValueAsString("-1"));
                case "time" -> dump.time = instant(parser.getValueAsString());
                case "runtimeVersion" -> dump.runtimeVersion = parser.getValueAsString();
                case "threadContainers" -> {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        readContainer(parser, dump);
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static void readContainer(JsonParser parser, Dump dump) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("threads".equals(field) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    ThreadSample sample = readThread(parser, dump.frames);
                    if (dump.seen.add(sample.id())) {
                        dump.threads.add(sample);
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static ThreadSample readThread(JsonParser parser, Map<String, StackFrame> frameCache) throws IOException {
        long id = -1;
        String name = "";
        String state = null;
        Boolean virtual = null;
        Blocker blocker = null;
        List<StackFrame> frames = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "tid" -> id = Long.parseLong(parser.getValueAsString("-1"));
                case "name" -> name = parser.getValueAsString("");
                case "state" -> state = parser.getValueAsString();
                case "virtual" -> virtual = value == JsonToken.VALUE_TRUE;
                case "blockedOn" -> blocker = blocker(Blocker.Kind.MONITOR_ENTER, parser.getValueAsString(), -1);
                case "waitingOn" -> blocker = blocker(Blocker.Kind.MONITOR_WAIT, parser.getValueAsString(), -1);
                case "parkBlocker" -> blocker = readParkBlocker(parser);
                case "stack" -> {
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        frames.add(frameCache.computeIfAbsent(parser.getText(), JsonThreadDump::frame));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        boolean isVirtual = virtual != null ? virtual : startedByVirtualThreadRun(frames);
        return new ThreadSample(id, name, state != null ? state : inferState(frames), isVirtual, isVirtual, frames,
                blocker, null, ThreadSample.Origin.NOT_TRACKED);
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
        return blocker(Blocker.Kind.PARK, object, owner);
    }

    /** {@code java.lang.Object@7510fef6}: the class and the identity hash (0 when the text has none). */
    static Blocker blocker(Blocker.Kind kind, String object, long ownerId) {
        if (object == null) {
            return null;
        }
        int at = object.lastIndexOf('@');
        String className = at > 0 ? object.substring(0, at) : object;
        int hash = 0;
        if (at > 0) {
            try {
                hash = Integer.parseUnsignedInt(object.substring(at + 1), 16);
            } catch (NumberFormatException e) {
                className = object;
            }
        }
        return new Blocker(kind, Frames.normaliseClassName(className), hash, ownerId, null);
    }

    /** One line of {@code stack}, as {@link StackTraceElement#toString()} writes it. */
    static StackFrame frame(String text) {
        try {
            return FrameParsing.elementFrame(text);
        } catch (IllegalArgumentException e) {
            throw notADump(e.getMessage());
        }
    }

    private static boolean startedByVirtualThreadRun(List<StackFrame> frames) {
        return !frames.isEmpty() && frames.get(frames.size() - 1).function().equals("java.lang.VirtualThread.run");
    }

    /**
     * For dumps without {@code state} (Java 21-23), what the top frames show, honestly little: timed
     * parking or sleeping is {@code TIMED_WAITING}; parking (also {@code Unsafe.park} called directly, as
     * {@code ForkJoinPool} does) or {@code Object.wait} is {@code WAITING}; anything else {@code RUNNABLE}.
     */
    static String inferState(List<StackFrame> frames) {
        boolean unsafePark = false;
        for (StackFrame frame : frames.subList(0, Math.min(STATE_FRAMES, frames.size()))) {
            String function = frame.function();
            switch (function) {
                case "java.lang.VirtualThread.parkNanos", "java.util.concurrent.locks.LockSupport.parkNanos",
                        "java.util.concurrent.locks.LockSupport.parkUntil":
                    return "TIMED_WAITING";
                case "java.lang.VirtualThread.park", "java.lang.VirtualThread.parkOnCarrierThread",
                        "java.util.concurrent.locks.LockSupport.park":
                    return "WAITING";
                case "jdk.internal.misc.Unsafe.park":
                    unsafePark = true;   // timed or not is told by the caller, when it is LockSupport
                    continue;
                default:
                    break;
            }
            if (function.startsWith("java.lang.Thread.sleep")) {
                return "TIMED_WAITING";
            }
            if (function.startsWith("java.lang.Object.wait")) {
                return "WAITING";
            }
            if (unsafePark) {
                return "WAITING";
            }
        }
        return unsafePark ? "WAITING" : "RUNNABLE";
    }

    private static Instant instant(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static ProfileFormatException notADump(String why) {
        return new ProfileFormatException("not a JDK JSON thread dump: " + why);
    }

    /** What the stream has given so far. */
    private static final class Dump {
        long pid = -1;
        Instant time = Instant.now();
        String runtimeVersion;
        final List<ThreadSample> threads = new ArrayList<>();
        final Set<Long> seen = new HashSet<>();
        final Map<String, StackFrame> frames = new HashMap<>();
    }
}
