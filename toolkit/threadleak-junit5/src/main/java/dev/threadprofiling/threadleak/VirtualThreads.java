package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.ThreadSample;
import java.util.List;
import java.util.Set;

/**
 * Lists live virtual threads, which {@code ThreadMXBean} does not see. On Java 21+ this is
 * {@link HotSpotVirtualThreads} ({@code HotSpotDiagnosticMXBean.dumpThreads} in JSON, called by
 * reflection so that the module still builds for Java 17); before that, {@link #NONE}.
 */
interface VirtualThreads {

    VirtualThreads NONE = new VirtualThreads() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public List<ThreadSample> list(Set<Long> platformThreadIds) {
            return List.of();
        }
    };

    /** The implementation for this JVM. */
    static VirtualThreads forThisJvm() {
        return HotSpotVirtualThreads.create().orElse(NONE);
    }

    /** Whether this JVM can have virtual threads and they can be listed. */
    boolean available();

    /** Every live virtual thread; {@code platformThreadIds} tells them apart where the dump does not. */
    List<ThreadSample> list(Set<Long> platformThreadIds);
}
