package dev.threadprofiling.leakmatrix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lock on the files of this checkout, across JVMs. {@code ./mvnw verify} builds the modules
 * {@code docs} and {@code scripts} side by side: a page of the docs writes into the checkout while
 * its commands run (the learner's test, profiles, build output of the servers it starts), and
 * {@code FixedExerciseCopyTest} copies the checkout. Each holds this lock meanwhile, so a copy
 * never catches a page half done.
 *
 * <pre>{@code
 * try (CheckoutLock lock = CheckoutLock.hold(root, "a page of the docs")) {
 *     // write into the checkout
 * }
 * }</pre>
 */
public final class CheckoutLock implements AutoCloseable {

    /** Relative to the checkout root. */
    static final String FILE = "target/checkout.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CheckoutLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock on {@code root}'s files, saying so when another JVM holds it. */
    public static CheckoutLock hold(Path root, String holder) throws IOException {
        Path file = root.resolve(FILE);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                long start = System.nanoTime();
                System.out.println("[checkout-lock] " + holder + " waits for " + file + " (held by another build JVM)");
                lock = channel.lock();
                System.out.printf("[checkout-lock] %s got it after %.1f s%n", holder, (System.nanoTime() - start) / 1e9);
            }
            return new CheckoutLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
