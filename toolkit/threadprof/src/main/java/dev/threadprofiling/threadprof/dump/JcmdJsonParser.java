package dev.threadprofiling.threadprof.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code jcmd <pid> Thread.dump_to_file -format=json <file>} (JDK 21+): a {@code threadDump} with
 * {@code threadContainers}, each with {@code threads} ({@code tid}, {@code name}, {@code stack}, and from
 * JDK 24 on {@code state}, {@code virtual}, {@code parkBlocker}, {@code blockedOn}, {@code waitingOn}).
 *
 * <p>Every container's threads are read (the root container holds the platform threads, executors and
 * {@code ForkJoinPool}s hold virtual threads). Where a JDK writes no {@code state} (JDK 21), it is read
 * from the top frame: parked or waiting → {@code WAITING}, sleeping or timed parking → {@code TIMED_WAITING},
 * otherwise {@code RUNNABLE}. A thread without {@code virtual} is virtual when a container other than the
 * root holds it. This JSON leaves out the JDK's hidden frames (lambda forms), which jstack prints.
 */
public final class JcmdJsonParser {

    private JcmdJsonParser() {
    }

    public static boolean looksLike(JsonNode root) {
        return root.has("threadDump") && root.get("threadDump").has("threadContainers");
    }

    public static ThreadProfile parse(JsonNode root) {
        JsonNode dump = root.get("threadDump");
        List<ThreadSample> threads = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (JsonNode container : dump.get("threadContainers")) {
            boolean rootContainer = "<root>".equals(container.path("container").asText());
            for (JsonNode thread : container.path("threads")) {
                ThreadSample sample = thread(thread, !rootContainer);
                if (seen.add(sample.id())) {
                    threads.add(sample);
                }
            }
        }
        long pid = dump.path("processId").asLong(-1);
        return new ThreadProfile(instant(dump.path("time").asText(null)),
                new ThreadProfile.ProcessInfo(pid, null, dump.path("runtimeVersion").asText(null), "jcmd-json"),
                threads);
    }

    private static ThreadSample thread(JsonNode thread, boolean inChildContainer) {
        List<StackFrame> frames = new ArrayList<>();
        for (JsonNode element : thread.path("stack")) {
            try {
                frames.add(FrameParsing.elementFrame(element.asText()));
            } catch (IllegalArgumentException e) {
                throw new ProfileFormatException("not a jcmd thread dump: " + e.getMessage(), e);
            }
        }
        boolean virtual = thread.has("virtual") ? thread.get("virtual").asBoolean() : inChildContainer;
        String state = thread.has("state") ? thread.get("state").asText() : stateFromStack(frames);
        long id = thread.path("tid").asLong(-1);
        String name = thread.path("name").asText("");
        return new ThreadSample(id, name, state, virtual, virtual, frames, blocker(thread), null,
                ThreadSample.Origin.NOT_TRACKED);
    }

    private static Blocker blocker(JsonNode thread) {
        if (thread.has("parkBlocker")) {
            return blocker(Blocker.Kind.PARK, thread.get("parkBlocker").path("object").asText(""));
        }
        if (thread.has("blockedOn")) {
            return blocker(Blocker.Kind.MONITOR_ENTER, thread.get("blockedOn").asText(""));
        }
        if (thread.has("waitingOn")) {
            return blocker(Blocker.Kind.MONITOR_WAIT, thread.get("waitingOn").asText(""));
        }
        return null;
    }

    /** {@code java.lang.Object@7510fef6}: class and identity hash. */
    private static Blocker blocker(Blocker.Kind kind, String object) {
        int at = object.lastIndexOf('@');
        String className = at > 0 ? object.substring(0, at) : object;
        int hash = 0;
        if (at > 0) {
            try {
                hash = Integer.parseUnsignedInt(object.substring(at + 1), 16);
            } catch (NumberFormatException e) {
                hash = 0;
            }
        }
        return new Blocker(kind, Frames.normaliseClassName(className), hash, -1, null);
    }

    private static String stateFromStack(List<StackFrame> frames) {
        for (StackFrame frame : frames.subList(0, Math.min(4, frames.size()))) {
            String function = frame.function();
            if (function.endsWith("LockSupport.parkNanos") || function.startsWith("java.lang.Thread.sleep")) {
                return "TIMED_WAITING";
            }
            if (function.endsWith("LockSupport.park") || function.equals("java.lang.Object.wait0")
                    || function.equals("java.lang.VirtualThread.park")) {
                return "WAITING";
            }
        }
        return "RUNNABLE";
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
}
