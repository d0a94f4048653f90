package dev.threadprofiling.benchmarks.format;


import dev.threadprofiling.threadprof.testing.ParkedThreads;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.format.PprofFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
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

/**
 * What rendering adds to a capture: group + render of one profile captured in setup, without the
 * capture itself.
 *
 * <pre>
 * java -jar toolkit/benchmarks/target/benchmarks.jar RenderBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class RenderBenchmark {

    @Param({"1000", "10000"})
    public int threads;

    private ThreadProfile profile;

    @Setup(Level.Trial)
    public void captureOnce() throws InterruptedException {
        ParkedThreads parked = ParkedThreads.start(threads, "parked-");
        try {
            profile = ThreadCapture.create().capture();
        } finally {
            parked.close();
        }
    }

    @Benchmark
    public byte[] pprofGzipped() {
        return PprofFormat.gzipped(profile);
    }

    @Benchmark
    public String groupRenderDebug1() {
        return Debug1Format.render(profile);
    }
}
