package dev.threadprofiling.threadleak;

import static dev.threadprofiling.threadleak.ThreadLeakOptions.since;
import static dev.threadprofiling.threadleak.ThreadLeakOptions.timeout;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javalin.jetty.FrameworkOwnTests;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "created by" names the code that made the pool, beside the raw top frame, and no file JFR did not give. */
class CreatorLineTest {

    @Test
    void aFrameworksOwnTestsGetTheirModulesLineNotTheLibrarysPool() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FrameworkOwnTests.class))
                .configurationParameter(Fixture.ENABLED, "true").execute().testEvents();

        // The fixed test (its pool shut down) passes; each leaking test fails with its own creator line.
        assertEquals(1, tests.succeeded().count());
        List<String> messages = tests.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow().getMessage())
                .toList();
        assertEquals(2, messages.size(), messages::toString);
        for (String test : List.of("a", "b")) {
            String message = messages.stream().filter(m -> m.contains("\"framework-" + test + "\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no failure for test " + test + ": " + messages));
            assertTrue(message.contains("created by io.javalin.jetty.FrameworkOwnTests.startPool(FrameworkOwnTests.java:"),
                    message);
            assertFalse(message.contains("created by java."), message);
        }
    }

    @Test
    void namesWithAddressesPortsAndConnectorsFoldIntoOnePattern() {
        Set<String> patterns = Set.of(
                "qtp123-45-acceptor-0@1a2b3c-ServerConnector@4d5e{HTTP/1.1, (http/1.1)}{0.0.0.0:8080}",
                "qtp987-61-acceptor-1@ffe01-ServerConnector@9a{HTTP/1.1, (http/1.1)}{127.0.0.1:43817}",
                "qtp5-7-acceptor-0@b-ServerConnector@c0ffee{h2c, (h2c, http/1.1)}{localhost:6100}")
                .stream().map(LeakReport::namePattern).collect(Collectors.toSet());

        assertEquals(Set.of("qtp*-*-acceptor-*@*-ServerConnector@*{*}{*}"), patterns);
        // A name without variable parts other than numbers keeps its shape.
        assertEquals("pool-*-thread-*", LeakReport.namePattern("pool-12-thread-3"));
    }

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();
    }

    @Test
    void aPoolThreadIsCreatedByTheCodeThatMadeThePoolWithThePoolsFrameBesideIt() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        PoolOwner.startPool();

        String message = assertThrows(ThreadLeakError.class,
                () -> ThreadLeaks.verifyNone(since(before), timeout(Duration.ofMillis(200)))).getMessage();

        // PoolOwner is a second top-level class of this file: javac records CreatorLineTest.java for it.
        assertTrue(message.contains("1 thread \"pool-") && message.contains("created by "
                + PoolOwner.class.getName() + ".startPool(CreatorLineTest.java:"), message);
        // The raw innermost frame: ThreadPoolExecutor.addWorker on Java 17, the JDK's thread-container start on 21+.
        assertTrue(Pattern.compile("\\.startPool\\(CreatorLineTest\\.java:\\d+\\) \\(top frame java\\.").matcher(message).find(),
                message);
        assertFalse(message.contains("PoolOwner.java"), message);
    }
}

/** Makes a pool and never shuts it down. */
final class PoolOwner {

    private PoolOwner() {
    }

    static void startPool() {
        ExecutorService pool = Leftovers.keep(Executors.newSingleThreadExecutor());
        pool.submit(() -> VerifyNoThreadLeaksTest.sleep(60_000));
    }
}
