package dev.threadprofiling.threadprof.dump;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The child JVM whose dumps the parser tests read: {@code N} threads named {@code parked-<i>} blocked in a
 * queue's {@code take()}; on Java 21+ also a virtual thread {@code virtual-reader} that stays mounted while
 * it reads standard input. Prints {@code ready} and exits when standard input closes.
 */
public final class DumpedChildMain {

    static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

    private DumpedChildMain() {
    }

    /** A named class (not a lambda), so that the frame reads the same on every JDK. */
    static final class Parker implements Runnable {
        @Override
        public void run() {
            try {
                QUEUE.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(new Parker(), "parked-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        Thread reader = Runtime.version().feature() >= 21 ? startVirtualReader() : null;
        System.out.println("ready");
        System.out.flush();
        if (reader != null) {
            reader.join();
        } else {
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
        }
    }

    /** {@code Thread.ofVirtual().name("virtual-reader").start(...)}, by reflection: this class compiles for 17. */
    private static Thread startVirtualReader() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class).invoke(builder, "virtual-reader");
        Runnable readUntilClosed = () -> {
            try {
                while (System.in.read() >= 0) {
                    // a virtual thread blocked in a file read stays mounted on its carrier
                }
            } catch (java.io.IOException e) {
                // parent gone
            }
        };
        return (Thread) builderType.getMethod("start", Runnable.class).invoke(builder, readUntilClosed);
    }
}
