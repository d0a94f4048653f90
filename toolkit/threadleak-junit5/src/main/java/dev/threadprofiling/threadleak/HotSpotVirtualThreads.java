package dev.threadprofiling.threadleak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadprofiling.threadprof.Blocker;
import dev.threadprofiling.threadprof.Frames;
import dev.threadprofiling.threadprof.StackFrame;
import dev.threadprofiling.threadprof.ThreadSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual threads from {@code HotSpotDiagnosticMXBean.dumpThreads(path, JSON)} (Java 21+). The dump
 * goes to a fresh absolute path (the method refuses existing and relative ones) and is deleted after
 * reading. Java 21 and 22 write neither {@code state} nor {@code virtual}: there a thread the
 * {@code ThreadMXBean} does not list is virtual, and its state is {@code UNKNOWN}.
 */
final class HotSpotVirtualThreads implements VirtualThreads {

    /** Created on first use: on Java 17 this class is loaded but never dumps. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Object bean;
    private final Method dumpThreads;
    private final Object jsonFormat;
    private final AtomicLong dumps = new AtomicLong();
    private Path directory;

    private HotSpotVirtualThreads(Object bean, Method dumpThreads, Object jsonFormat) {
        this.bean = bean;
        this.dumpThreads = dumpThreads;
        this.jsonFormat = jsonFormat;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Optional<VirtualThreads> create() {
        if (Runtime.version().feature() < 21) {
            return Optional.empty();
        }
        try {
            Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<?> formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object bean = ManagementFactory.getPlatformMXBean((Class<? extends PlatformManagedObject>) beanType);
            Object json = Enum.valueOf((Class<? extends Enum>) formatType.asSubclass(Enum.class), "JSON");
            return Optional.of(new HotSpotVirtualThreads(bean, beanType.getMethod("dumpThreads", String.class,
                    formatType), json));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public List<ThreadSample> list(Set<Long> platformThreadIds) {
        Path file = nextFile();
        try {
            dumpThreads.invoke(bean, file.toString(), jsonFormat);
            return parse(Json.MAPPER.readTree(file.toFile()), platformThreadIds);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the thread dump " + file, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("HotSpotDiagnosticMXBean.dumpThreads(" + file + ", JSON) failed: "
                    + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    private synchronized Path nextFile() {
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("threadleak-").toAbsolutePath();
                directory.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for thread dumps", e);
        }
        return directory.resolve("threads-" + ProcessHandle.current().pid() + "-" + dumps.incrementAndGet() + ".json");
    }

    static List<ThreadSample> parse(JsonNode root, Set<Long> platformThreadIds) {
        List<ThreadSample> virtualThreads = new ArrayList<>();
        for (JsonNode container : root.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                long id = Long.parseLong(thread.path("tid").asText("-1"));
                boolean virtual = thread.has("virtual") ? thread.path("virtual").asBoolean()
                        : !platformThreadIds.contains(id);
                if (!virtual || id < 0) {
                    continue;
                }
                List<StackFrame> frames = new ArrayList<>();
                for (JsonNode frame : thread.path("stack")) {
                    frames.add(parseFrame(frame.asText()));
                }
                virtualThreads.add(new ThreadSample(id, thread.path("name").asText(""),
                        thread.path("state").asText("UNKNOWN"), true, true, frames, blockerOf(thread), null,
                        ThreadSample.Origin.NOT_TRACKED));
            }
        }
        return virtualThreads;
    }

    /** {@code java.base/java.lang.Thread.sleep(Thread.java:540)}, as {@link StackTraceElement#toString()}. */
    static StackFrame parseFrame(String text) {
        int open = text.lastIndexOf('(');
        String head = open < 0 ? text : text.substring(0, open);
        String where = open < 0 ? "" : text.substring(open + 1, text.endsWith(")") ? text.length() - 1 : text.length());
        String module = null;
        int slash = head.indexOf('/');
        if (slash > 0 && !head.startsWith("0x", slash + 1)) {
            module = head.substring(0, slash);
            int at = module.indexOf('@');
            if (at > 0) {
                module = module.substring(0, at);
            }
            head = head.substring(slash + 1);
        }
        int dot = head.lastIndexOf('.');
        String className = dot < 0 ? head : head.substring(0, dot);
        String method = dot < 0 ? "?" : head.substring(dot + 1);
        String file = null;
        int line = -1;
        if ("Native Method".equals(where)) {
            line = StackFrame.NATIVE;
        } else if (!where.isEmpty() && !"Unknown Source".equals(where)) {
            int colon = where.lastIndexOf(':');
            file = colon < 0 ? where : where.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    line = -1;
                }
            }
        }
        return new StackFrame(module, Frames.normaliseClassName(className), method, file, line);
    }

    private static Blocker blockerOf(JsonNode thread) {
        if (thread.has("parkBlocker")) {
            return blocker(Blocker.Kind.PARK, thread.path("parkBlocker").path("object").asText(""));
        }
        if (thread.has("blockedOn")) {
            return blocker(Blocker.Kind.MONITOR_ENTER, thread.path("blockedOn").asText(""));
        }
        if (thread.has("waitingOn")) {
            return blocker(Blocker.Kind.MONITOR_WAIT, thread.path("waitingOn").asText(""));
        }
        return null;
    }

    private static Blocker blocker(Blocker.Kind kind, String object) {
        int at = object.lastIndexOf('@');
        String className = at < 0 ? object : object.substring(0, at);
        int hash = 0;
        if (at >= 0) {
            try {
                hash = Integer.parseUnsignedInt(object.substring(at + 1), 16);
            } catch (NumberFormatException e) {
                hash = 0;
            }
        }
        return new Blocker(kind, Frames.normaliseClassName(className), hash, -1, null);
    }
}
