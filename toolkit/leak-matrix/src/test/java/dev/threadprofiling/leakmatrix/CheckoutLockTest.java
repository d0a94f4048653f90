package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lock holds across JVMs: a second JVM waits for it, says so, and gets it once it is released. */
@Timeout(60) // it waits on a child JVM
class CheckoutLockTest {

    /** The child JVM: takes the lock on the checkout {@code args[0]}, says so, and lets it go. */
    public static void main(String[] args) throws Exception {
        try (CheckoutLock lock = CheckoutLock.hold(Path.of(args[0]), "the child")) {
            System.out.println("child holds the lock");
        }
    }

    @Test
    void aSecondJvmWaitsUntilTheFirstLetsGo(@TempDir Path checkout) throws Exception {
        CheckoutLock lock = CheckoutLock.hold(checkout, "the test");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CheckoutLockTest.class.getName(), checkout.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            lines.add(out.readLine()); // the child has tried the lock
            assertTrue(lines.get(0) != null && lines.get(0).startsWith("[checkout-lock] the child waits for "),
                    "first line: " + lines.get(0));
            assertTrue(child.isAlive(), "the child went on while the test held the lock: " + lines);
        } finally {
            lock.close();
        }
        out.lines().forEach(lines::add); // until the child exits
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child never ended: " + lines);
        assertEquals(0, child.exitValue(), String.join("\n", lines));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("[checkout-lock] the child got it after "), String.join("\n", lines));
        assertEquals("child holds the lock", lines.get(2));
    }
}
