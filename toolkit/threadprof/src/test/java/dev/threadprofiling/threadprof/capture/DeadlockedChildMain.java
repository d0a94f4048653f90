package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.format.Debug1Format;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM with a deadlock that cannot be ended from inside (monitors only): the parent reads it with
 * {@code jstack} and {@code jcmd}, and this JVM prints its own {@code debug=1}. Each argument is one
 * cycle, {@code prefix=RESOURCE,RESOURCE…} ({@code account=MONITOR,MONITOR ledger=LOCK,MONITOR,LOCK});
 * its threads are {@code prefix-0 …}. Prints the profile, then {@code ready}, and exits when standard
 * input closes.
 */
public final class DeadlockedChildMain {

    private DeadlockedChildMain() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            String[] cycle = arg.split("=", 2);
            List<DeadlockedThreads.Resource> resources = new ArrayList<>();
            for (String resource : cycle[1].split(",")) {
                resources.add(DeadlockedThreads.Resource.valueOf(resource));
            }
            DeadlockedThreads.start(cycle[0], resources.toArray(new DeadlockedThreads.Resource[0]));
        }
        System.out.print(Debug1Format.render(ThreadCapture.create().capture()));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
    }
}
