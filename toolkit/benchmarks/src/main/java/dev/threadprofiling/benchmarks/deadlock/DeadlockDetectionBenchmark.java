package dev.threadprofiling.benchmarks.deadlock;

import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What deadlock detection adds to {@code debug=1}, side by side in one JVM, with {@code threads} parked
 * platform threads: {@code findDeadlockedThreads()} alone (a safepoint), and capture + {@code debug=1}
 * with detection never, always, and only when some thread waits for a held lock (the default).
 * {@code scene=parked}: nobody waits for a lock, so the default skips detection; {@code scene=blocked}:
 * two threads are BLOCKED on a held monitor (no deadlock), so the default runs it.
 *
 * <pre>
 * java -jar toolkit/benchmarks/target/benchmarks.jar DeadlockDetectionBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss256k"})
public class DeadlockDetectionBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"1000", "10000"})
    public int threads;

    @Param({"parked", "blocked"})
    public String scene;

    private ParkedThreads parked;
    private BlockedOnAMonitor blocked;
    private ThreadCapture never;
    private ThreadCapture always;
    private ThreadCapture whenWaiting;

    @Setup(Level.Trial)
    public void startThreads() throws InterruptedException {
        parked = ParkedThreads.start(threads, "parked-");
        if (scene.equals("blocked")) {
            blocked = BlockedOnAMonitor.start(2, Duration.ofSeconds(30));
        }
        never = ThreadCapture.create().detectingDeadlocks(DeadlockDetector.Policy.NEVER);
        always = ThreadCapture.create().detectingDeadlocks(DeadlockDetector.Policy.ALWAYS);
        whenWaiting = ThreadCapture.create().detectingDeadlocks(DeadlockDetector.Policy.WHEN_THREADS_WAIT_FOR_LOCKS);
    }

    @TearDown(Level.Trial)
    public void stopThreads() throws InterruptedException {
        if (blocked != null) {
            blocked.close();
        }
        parked.close();
    }

    /** The JVM's detection alone: one safepoint over every thread. */
    @Benchmark
    public long[] findDeadlockedThreads() {
        return THREADS.findDeadlockedThreads();
    }

    @Benchmark
    public String debug1WithoutDetection() {
        return Debug1Format.render(never.capture());
    }

    @Benchmark
    public String debug1DetectingAlways() {
        return Debug1Format.render(always.capture());
    }

    /** The default: detection only when the capture holds a thread waiting for a held lock. */
    @Benchmark
    public String debug1DetectingWhenThreadsWait() {
        return Debug1Format.render(whenWaiting.capture());
    }
}
