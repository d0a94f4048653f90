package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One wording for every refused parameter, whichever endpoint asks. */
class QueryParamsTest {

    @Test
    void valuesWithinTheirRangeAreRead() {
        QueryParams params = QueryParams.of(Map.of("tasks", List.of("12"), "debug", List.of("2")), "tasks", "debug", "workers");
        assertEquals(12, params.intValue("tasks", 100, 1, 10_000));
        assertEquals(4, params.intValue("workers", 4, 1, 64), "absent: the fallback");
        assertEquals("2", params.oneOf("debug", "0", "1", "2"));
        assertNull(params.oneOf("workers", "a", "b"), "absent: null");
    }

    @Test
    void refusedValuesNameTheParameterInOneWording() {
        assertRefused("color", "unknown parameter \"color\"; known parameters: tasks, debug",
                () -> QueryParams.of(Map.of("color", List.of("blue")), "tasks", "debug"));
        QueryParams params = QueryParams.of(Map.of("tasks", List.of("x"), "debug", List.of("3", "1"),
                "workers", List.of("0"), "format", List.of("xml")), "tasks", "debug", "workers", "format");
        assertRefused("tasks", "tasks must be a whole number, not \"x\"", () -> params.intValue("tasks", 1, 1, 10));
        assertRefused("debug", "debug is given 2 times; give it once", () -> params.oneOf("debug", "0", "1", "2"));
        assertRefused("workers", "workers must be between 1 and 64, not 0", () -> params.intValue("workers", 1, 1, 64));
        assertRefused("format", "format must be pprof, text or json, not \"xml\"",
                () -> params.oneOf("format", "pprof", "text", "json"));
    }

    private static void assertRefused(String parameter, String message, Executable call) {
        BadParameterException e = assertThrows(BadParameterException.class, call);
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }
}
