package dev.threadprofiling.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check config}, {@code check rules} and {@code test rules} on monitoring/, and the same unit tests
 * failing on rules that lack what the shipped ones have (the floor, the restart guard).
 */
class PromtoolRulesTest {

    private static final Path RULES = Tools.MONITORING.resolve("rules/thread-leaks.yml");
    private static final Path TESTS = Tools.MONITORING.resolve("tests/thread-leaks.test.yml");

    @BeforeAll
    static void promtoolInstalled() {
        Tools.assumeOnPath("promtool");
    }

    @Test
    void configAndRulesCheck() throws Exception {
        Tools.Run config = Tools.run(List.of("promtool", "check", "config", Tools.MONITORING.resolve("prometheus.yml").toString()), 60);
        assertEquals(0, config.exit(), config.output());
        Tools.Run rules = Tools.run(List.of("promtool", "check", "rules", RULES.toString()), 60);
        assertEquals(0, rules.exit(), rules.output());
        assertTrue(rules.output().contains("SUCCESS: 7 rules found"), rules.output());
    }

    @Test
    void unitTestsPassOnTheShippedRules() throws Exception {
        Tools.Run run = Tools.run(List.of("promtool", "test", "rules", TESTS.toString()), 60);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS"), run.output());
    }

    @Test
    void unitTestsCatchRulesWithoutTheFloor(@TempDir Path dir) throws Exception {
        // The latest count instead of the fewest in the window: a spike that ramps up looks like a leak.
        String output = runOnMutated(dir, Files.readString(RULES).replace("min_over_time(", "last_over_time("));
        assertTrue(output.contains("instance=\"spike:2\""), output);
    }

    @Test
    void unitTestsCatchRulesWithoutTheRestartGuard(@TempDir Path dir) throws Exception {
        String rules = Files.readString(RULES);
        String guard = rules.substring(rules.indexOf("\n          unless on(job, instance) ("),
                rules.indexOf("\n          )\n", rules.indexOf("unless on(job, instance) (")) + "\n          )".length());
        String output = runOnMutated(dir, rules.replace(guard, ""));
        assertTrue(output.contains("instance=\"r:2\""), output);
    }

    /** Runs the shipped unit tests on {@code rules}; they must fail. Returns promtool's output. */
    private static String runOnMutated(Path dir, String rules) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("tests"));
        assertNotEquals(Files.readString(RULES), rules, "the mutation changed nothing");
        Files.writeString(dir.resolve("rules/thread-leaks.yml"), rules);
        Files.copy(TESTS, dir.resolve("tests/thread-leaks.test.yml"));
        Tools.Run run = Tools.run(List.of("promtool", "test", "rules", dir.resolve("tests/thread-leaks.test.yml").toString()), 60);
        assertNotEquals(0, run.exit(), "the unit tests passed on broken rules:\n" + run.output());
        return run.output();
    }
}
