package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.dump.JsonThreadDump;
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
import java.util.List;
import java.util.Set;

/**
 * The virtual threads of this JVM (Java 21+), which {@code ThreadMXBean}, {@code jstack} and
 * {@code Thread.getAllStackTraces()} do not see: read from the JDK's JSON thread dump,
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}, the same dump as
 * {@code jcmd <pid> Thread.dump_to_file -format=json}.
 *
 * <p>{@link JsonThreadDump} reads the dump (the same reader as {@code threadprof} on a {@code jcmd}
 * file); this class takes it and adds "created by".
 *
 * <p>The dump only holds virtual threads the JDK tracks: with {@code -Djdk.trackAllThreads=false},
 * virtual threads started directly ({@code Thread.ofVirtual().start(…)}) are left out; those
 * started by an executor are always there. {@code -Dthreadprof.virtualThreads=false} skips the dump.
 */
public final class VirtualThreads {

    /** System property: {@code false} captures platform threads only. */
    public static final String ENABLED_PROPERTY = "threadprof.virtualThreads";

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
                return withCreatedBy(JsonThreadDump.readVirtualThreads(in), platformIds, creations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not capture virtual threads through " + file
                    + "; -D" + ENABLED_PROPERTY + "=false captures platform threads only", e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    /** The dumped virtual threads not in {@code platformIds}, with "created by" from {@code creations}. */
    static List<ThreadSample> withCreatedBy(List<ThreadSample> dumped, Set<Long> platformIds, CreationLookup creations) {
        List<ThreadSample> samples = new ArrayList<>(dumped.size());
        for (ThreadSample sample : dumped) {
            if (!platformIds.contains(sample.id())) {
                samples.add(sample.withCreatedBy(creations.creationOf(sample.id()).orElse(null),
                        creations.originOf(sample.id())));
            }
        }
        return samples;
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
