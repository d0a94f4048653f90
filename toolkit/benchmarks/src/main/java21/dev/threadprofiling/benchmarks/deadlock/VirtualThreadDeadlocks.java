package dev.threadprofiling.benchmarks.deadlock;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadprofiling.benchmarks.BenchmarkSupport;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this JVM says about two virtual threads {@code vt-transfer-0} and {@code vt-transfer-1} deadlocked on
 * {@code monitors} ({@code synchronized} both ways), {@code locks} ({@code ReentrantLock} both ways) or
 * {@code mixed} (one of each): {@code ThreadMXBean.findDeadlockedThreads()}, jstack's deadlock section,
 * what the JSON thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}) writes for the two threads, and
 * the deadlock section of threadprof's {@code debug=1}. Exits when done (the threads stay deadlocked).
 *
 * <pre>
 * java -cp toolkit/benchmarks/target/benchmarks.jar dev.threadprofiling.benchmarks.deadlock.VirtualThreadDeadlocks monitors|locks|mixed
 * </pre>
 */
public final class VirtualThreadDeadlocks {

    private static final List<String> KINDS = List.of("monitors", "locks", "mixed");

    private VirtualThreadDeadlocks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !KINDS.contains(args[0])) {
            System.err.println("usage: VirtualThreadDeadlocks monitors|locks|mixed");
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        String kind = args[0];
        Object[] monitors = {new Object(), new Object()};
        ReentrantLock[] locks = {new ReentrantLock(), new ReentrantLock()};
        CountDownLatch bothHolding = new CountDownLatch(2);
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int own = i;
            boolean ownMonitor = kind.equals("monitors") || kind.equals("mixed") && i == 0;
            boolean nextMonitor = kind.equals("monitors") || kind.equals("mixed") && i == 1;
            threads[i] = Thread.ofVirtual().name("vt-transfer-" + i).start(() -> {
                try {
                    hold(ownMonitor, monitors[own], locks[own], bothHolding,
                            () -> take(nextMonitor, monitors[1 - own], locks[1 - own]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((threads[0].getState() == Thread.State.RUNNABLE || threads[1].getState() == Thread.State.RUNNABLE)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // both past the latch, into the second lock
        System.out.println("java " + System.getProperty("java.version") + ", " + kind + ": states "
                + threads[0].getState() + " " + threads[1].getState());
        long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        System.out.println("findDeadlockedThreads: " + (ids == null ? "null" : ids.length + " threads"));
        String jstack = jstack();
        System.out.println("jstack: " + (jstack.contains("Found one Java-level deadlock") ? "a deadlock section" : "no deadlock section")
                + ", vt-transfer " + (jstack.contains("vt-transfer") ? "named" : "not named")
                + ", carriers carrying a virtual thread: " + (jstack.split("Carrying virtual thread #", -1).length - 1));
        String json = jsonDump();
        for (Thread thread : threads) {
            int at = json.indexOf("\"name\": \"" + thread.getName() + "\"");
            int end = json.indexOf("\"stack\"", at);
            System.out.println("json dump " + thread.getName() + ": " + json.substring(json.lastIndexOf('{', at), end).replaceAll("\\s+", " ").trim()
                    + (json.indexOf("monitorsOwned", at) > 0 && json.indexOf("monitorsOwned", at) < next(json, at) ? " + monitorsOwned" : ""));
        }
        ThreadProfile profile = ThreadCapture.create().capture();
        String debug1 = Debug1Format.render(profile);
        System.out.println("threadprof: " + profile.deadlocks().size() + " deadlock(s)");
        System.out.print(debug1.substring(debug1.indexOf('\n') + 1, profile.deadlocks().isEmpty() ? debug1.indexOf('\n') + 1
                : debug1.indexOf("\nFound " + profile.deadlocks().size() + " deadlock") + 1));
        System.exit(0);
    }

    private static int next(String json, int at) {
        int next = json.indexOf("\"tid\"", at + 1);
        return next < 0 ? json.length() : next;
    }

    private interface Take {
        void run() throws InterruptedException;
    }

    private static void hold(boolean monitor, Object lock, ReentrantLock reentrant, CountDownLatch bothHolding, Take next)
            throws InterruptedException {
        if (monitor) {
            synchronized (lock) {
                bothHolding.countDown();
                bothHolding.await();
                next.run();
            }
        } else {
            reentrant.lock();
            try {
                bothHolding.countDown();
                bothHolding.await();
                next.run();
            } finally {
                reentrant.unlock();
            }
        }
    }

    private static void take(boolean monitor, Object lock, ReentrantLock reentrant) throws InterruptedException {
        if (monitor) {
            synchronized (lock) {
                Thread.onSpinWait();
            }
        } else {
            reentrant.lockInterruptibly();
            reentrant.unlock();
        }
    }

    private static String jstack() throws Exception {
        Process process = new ProcessBuilder(BenchmarkSupport.jdkTool("jstack").toString(),
                String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static String jsonDump() throws Exception {
        Path dir = Files.createTempDirectory("vt-deadlocks");
        Path file = dir.resolve("threads.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
