package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.format.Debug1Format;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM with a deadlock that cannot be ended from inside (monitors only): the parent reads it with
 * {@code jstack} and {@code jcmd}, and this JVM prints its own {@code debug=1}. Each argument is one
 * cycle, {@code prefix=RESOURCE,RESOURCE…} ({@code account=MONITOR,MONITOR ledger=LOCK,MONITOR,LOCK});
 * its threads are {@code prefix-0 …}; with {@code --virtual} first (Java 21+), they are virtual threads.
 * Prints the profile, then {@code ready}, and exits when standard input closes.
 */
public final class DeadlockedChildMain {

    private DeadlockedChildMain() {
    }

    /** {@code Thread.ofVirtual().name(name).unstarted(body)}, by reflection: this class compiles for 17. */
    static Thread virtualThread(String name, Runnable body) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21+", e);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean virtual = args.length > 0 && args[0].equals("--virtual");
        for (String arg : virtual ? java.util.Arrays.copyOfRange(args, 1, args.length) : args) {
            String[] cycle = arg.split("=", 2);
            List<DeadlockedThreads.Resource> resources = new ArrayList<>();
            for (String resource : cycle[1].split(",")) {
                resources.add(DeadlockedThreads.Resource.valueOf(resource));
            }
            DeadlockedThreads.Resource[] kinds = resources.toArray(new DeadlockedThreads.Resource[0]);
            if (virtual) {
                DeadlockedThreads.startWith(DeadlockedChildMain::virtualThread, cycle[0], kinds);
            } else {
                DeadlockedThreads.start(cycle[0], kinds);
            }
        }
        System.out.print(Debug1Format.render(ThreadCapture.create().capture()));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
    }
}
