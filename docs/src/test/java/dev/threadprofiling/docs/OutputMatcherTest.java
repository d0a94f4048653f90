package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputMatcherTest {

    @Test
    void exactLinesMustMatchExactly() {
        assertTrue(OutputMatcher.matches(List.of("thread profile: total 23"), List.of("thread profile: total 23")));
        assertFalse(OutputMatcher.matches(List.of("thread profile: total 23"), List.of("thread profile: total 24")));
        assertFalse(OutputMatcher.matches(List.of("a"), List.of("a", "b")));
    }

    @Test
    void anEllipsisInALineStandsForAnyText() {
        assertTrue(OutputMatcher.matches(List.of("{\"request\":1,\"elapsedMs\":...}"), List.of("{\"request\":1,\"elapsedMs\":17}")));
        assertFalse(OutputMatcher.matches(List.of("{\"request\":1,...}"), List.of("{\"request\":2,\"x\":1}")));
    }

    @Test
    void anEllipsisLineStandsForAnyNumberOfLines() {
        assertTrue(OutputMatcher.matches(List.of("first", "...", "last"), List.of("first", "last")));
        assertTrue(OutputMatcher.matches(List.of("first", "...", "last"), List.of("first", "x", "y", "last")));
        assertFalse(OutputMatcher.matches(List.of("first", "...", "last"), List.of("first", "x")));
    }

    @Test
    void consoleBlocksSplitIntoCommandsAndOutput() {
        ConsoleBlock block = ConsoleBlock.parse(List.of("$ echo a \\", "  b", "a b", "$ true"));
        assertTrue(block.steps().size() == 2 && block.steps().get(0).expected().equals(List.of("a b")));
    }

    @Test
    void aListingMustStandInItsSourceInOneRun() {
        List<String> file = List.of("class A {", "    void f() {", "        g();", "    }", "}");
        assertTrue(DocsTest.containsRun(file, List.of("void f() {", "    g();", "}")));
        assertFalse(DocsTest.containsRun(file, List.of("void f() {", "    h();")));
    }

    @Test
    void javaVersionRanges() {
        assertTrue(JavaVersions.matches("21+", 25) && !JavaVersions.matches("21+", 17));
        assertTrue(JavaVersions.matches("17-20", 17) && !JavaVersions.matches("17-20", 21));
        assertTrue(JavaVersions.matches("17", 17) && !JavaVersions.matches("17", 25));
    }
}
