package dev.threadprofiling.threadleak;

import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** What fixtures leak on purpose, so that the tests can release it afterwards and keep the JVM clean. */
public final class Leftovers {

    private static final List<Object> LEAKED = new ArrayList<>();

    private Leftovers() {
    }

    public static synchronized <T> T keep(T leaked) {
        LEAKED.add(leaked);
        return leaked;
    }

    /** Interrupts, shuts down and cancels everything kept, and waits (bounded) for the threads to end. */
    public static void release() throws InterruptedException {
        List<Object> leaked;
        synchronized (Leftovers.class) {
            leaked = new ArrayList<>(LEAKED);
            LEAKED.clear();
        }
        for (Object o : leaked) {
            if (o instanceof Thread thread) {
                thread.interrupt();
            } else if (o instanceof ExecutorService executor) {
                executor.shutdownNow();
            } else if (o instanceof Timer timer) {
                timer.cancel();
            }
        }
        for (Object o : leaked) {
            if (o instanceof Thread thread) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } else if (o instanceof ExecutorService executor) {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
