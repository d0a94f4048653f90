package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.List;
import java.util.Set;

/**
 * Lists live virtual threads, which {@code ThreadMXBean} does not see. On Java 21+ this is
 * threadprof's {@link dev.threadprofiling.threadprof.capture.VirtualThreads} (the JDK's JSON thread dump);
 * before that, {@link #NONE}.
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
        if (!dev.threadprofiling.threadprof.capture.VirtualThreads.enabled()) {
            return NONE;
        }
        return new VirtualThreads() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public List<ThreadSample> list(Set<Long> platformThreadIds) {
                return dev.threadprofiling.threadprof.capture.VirtualThreads.capture(platformThreadIds, ThreadStartTracker.shared());
            }
        };
    }

    /** Whether this JVM can have virtual threads and they can be listed. */
    boolean available();

    /** Every live virtual thread; {@code platformThreadIds} tells them apart where the dump does not. */
    List<ThreadSample> list(Set<Long> platformThreadIds);
}
