package dev.threadprofiling.benchmarks.capture;


import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.format.PprofFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
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
 * Cost of a thread profile with {@code threads} parked platform threads, side by side with the
 * floor ({@code dumpAllThreads(false, false)}) in the same JVM, with a small heap and with
 * {@code heapMb} of live small objects. {@code capture*} benchmarks repeat a capture as a server
 * does (threads still in the same wait keep their stacks); {@code captureEveryStack*} walk every
 * stack each time, as the first capture in a JVM does.
 *
 * <pre>
 * java -jar toolkit/benchmarks/target/benchmarks.jar CaptureBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class CaptureBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"10", "1000", "10000"})
    public int threads;

    @Param({"0", "1024"})
    public int heapMb;

    private ParkedThreads parked;
    private Object[][] liveHeap; // reachable from this state for the whole trial
    private ThreadCapture capture;
    private ThreadCapture everyStack;

    @Setup(Level.Trial)
    public void startThreads() throws InterruptedException {
        liveHeap = LiveHeap.allocate(heapMb);
        System.gc(); // start measuring with the live heap promoted, not mid-allocation
        parked = ParkedThreads.start(threads, "parked-");
        capture = ThreadCapture.create();
        everyStack = ThreadCapture.create().walkingEveryStack();
    }

    @TearDown(Level.Trial)
    public void stopThreads() throws InterruptedException {
        parked.close();
        liveHeap = null;
    }

    /** The floor: the JVM's own dump of every thread, without locks. */
    @Benchmark
    public ThreadInfo[] floorDumpAllThreads() {
        return THREADS.dumpAllThreads(false, false);
    }

    /** What {@code GET /debug/threads} does: stacks of threads still in the same wait are kept. */
    @Benchmark
    public ThreadProfile capture() {
        return capture.capture();
    }

    @Benchmark
    public String captureGroupRenderDebug1() {
        return Debug1Format.render(capture.capture());
    }

    /** The first capture in a JVM, or one after every thread moved: every stack walked. */
    @Benchmark
    public ThreadProfile captureEveryStack() {
        return everyStack.capture();
    }

    @Benchmark
    public String captureEveryStackGroupRenderDebug1() {
        return Debug1Format.render(everyStack.capture());
    }

    @Benchmark
    public byte[] capturePprofGzipped() {
        return PprofFormat.gzipped(capture.capture());
    }
}
