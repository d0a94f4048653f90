package dev.threadprofiling.benchmarks.threadleak;

import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated suite: 10 classes of 100 tests, test {@code i} of 1,000 behaving by its number.
 * 20 leak a thread for real ({@code real-leak-i}, parked for good), 800 leave a thread that ends
 * within 5 s ({@code lingering-i}, 0.5 to 4 s), 180 leave nothing; each then does its own work
 * (a sleep of {@code -Dbenchmark.workMillis}, 30 ms by default).
 */
public abstract class GeneratedSuite {

    public static final int TESTS = 1_000;
    static final int PER_CLASS = 100;
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Test {@code i} leaks for real: every 50th, from the 10th (so 20 of 1,000). */
    public static boolean leaks(int i) {
        return i % 50 == 10;
    }

    /** Test {@code i} leaves a thread that ends within 5 s: every test whose number is not a multiple of 5 (800). */
    public static boolean lingers(int i) {
        return i % 5 != 0;
    }

    abstract int block();

    static IntStream tests() {
        return IntStream.range(0, PER_CLASS);
    }

    @ParameterizedTest(name = "test {0}")
    @MethodSource("dev.threadprofiling.benchmarks.threadleak.GeneratedSuite#tests")
    void test(int n) throws InterruptedException {
        int i = block() * PER_CLASS + n;
        if (leaks(i)) {
            Thread leak = new Thread(GeneratedSuite::parkForGood, "real-leak-" + i);
            leak.setDaemon(true);
            leak.start();
        } else if (lingers(i)) {
            long lifetime = 500 + (i * 37L) % 3_500;
            new Thread(() -> sleep(lifetime), "lingering-" + i).start();
        }
        Thread.sleep(Long.getLong("benchmark.workMillis", 30));
    }

    private static void parkForGood() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // The ten classes of the suite.
    public static class Block0 extends GeneratedSuite { int block() { return 0; } }
    public static class Block1 extends GeneratedSuite { int block() { return 1; } }
    public static class Block2 extends GeneratedSuite { int block() { return 2; } }
    public static class Block3 extends GeneratedSuite { int block() { return 3; } }
    public static class Block4 extends GeneratedSuite { int block() { return 4; } }
    public static class Block5 extends GeneratedSuite { int block() { return 5; } }
    public static class Block6 extends GeneratedSuite { int block() { return 6; } }
    public static class Block7 extends GeneratedSuite { int block() { return 7; } }
    public static class Block8 extends GeneratedSuite { int block() { return 8; } }
    public static class Block9 extends GeneratedSuite { int block() { return 9; } }

    static final Class<?>[] CLASSES = {Block0.class, Block1.class, Block2.class, Block3.class, Block4.class,
            Block5.class, Block6.class, Block7.class, Block8.class, Block9.class};
}
