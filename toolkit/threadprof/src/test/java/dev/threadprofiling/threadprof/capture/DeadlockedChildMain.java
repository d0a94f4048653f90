package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.format.Debug1Format;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM with a deadlock that cannot be ended from inside (monitors only): the parent reads it with
 * {@code jstack} and {@code jcmd}, and this JVM prints its own {@code debug=1}. Arguments name the
 * resources of one cycle ({@code MONITOR MONITOR}); the threads are {@code account-0 …}. Prints the
 * profile, then {@code ready}, and exits when standard input closes.
 */
public final class DeadlockedChildMain {

    private DeadlockedChildMain() {
    }

    public static void main(String[] args) throws Exception {
        List<DeadlockedThreads.Resource> resources = new ArrayList<>();
        for (String arg : args) {
            resources.add(DeadlockedThreads.Resource.valueOf(arg));
        }
        DeadlockedThreads.start("account", resources.toArray(new DeadlockedThreads.Resource[0]));
        System.out.print(Debug1Format.render(ThreadCapture.create().capture()));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
    }
}
