package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadprofiling.threadprof.format.Debug2Format;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadsQueryTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                 | PPROF",
        "debug=0            | PPROF",
        "debug=1            | DEBUG1",
        "debug=2            | DEBUG2",
        "format=pprof       | PPROF",
        "format=text        | DEBUG1",
        "format=json        | JSON",
        "format=text&debug=1 | DEBUG1",
        "format=text&debug=2 | DEBUG2",
        "debug=0&format=pprof | PPROF",
    })
    void choosesTheFormat(String query, ThreadsFormat expected) {
        assertEquals(expected, ThreadsQuery.of(parse(query)).format());
    }

    @ParameterizedTest(name = "\"{0}\" -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "debug=3             | debug  | debug must be 0, 1 or 2, not \"3\"",
        "debug=x             | debug  | debug must be 0, 1 or 2, not \"x\"",
        "debug=              | debug  | debug must be 0, 1 or 2, not \"\"",
        "format=xml          | format | format must be pprof, text or json, not \"xml\"",
        "seconds=30          | seconds | unknown parameter \"seconds\"",
        "debug=1&debug=2     | debug  | debug is given 2 times",
        "debug=1&format=json | debug  | debug=1 contradicts format=json",
        "debug=0&format=text | debug  | debug=0 contradicts format=text",
        "debug=2&format=pprof | debug | debug=2 contradicts format=pprof",
    })
    void rejectsBadParametersNamingThem(String query, String parameter, String messageStart) {
        BadParameterException e = assertThrows(BadParameterException.class, () -> ThreadsQuery.of(parse(query)).format());
        assertEquals(parameter, e.parameter());
        assertEquals(messageStart, e.getMessage().substring(0, Math.min(messageStart.length(), e.getMessage().length())),
                e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "debug=2                | APPLICATION",
        "debug=2&createdBy=app  | APPLICATION",
        "debug=2&createdBy=full | FULL",
        "format=text&debug=2&createdBy=full | FULL",
        "debug=1                | APPLICATION",
    })
    void choosesHowMuchOfACreationStackDebug2Prints(String query, Debug2Format.CreationStacks expected) {
        assertEquals(expected, ThreadsQuery.of(parse(query)).creationStacks());
    }

    @ParameterizedTest(name = "\"{0}\" -> 400")
    @CsvSource(delimiter = '|', value = {
        "debug=2&createdBy=all   | createdBy must be app or full, not \"all\"",
        "debug=1&createdBy=full  | createdBy applies to debug=2 only",
        "format=json&createdBy=app | createdBy applies to debug=2 only",
    })
    void refusesABadCreatedBy(String query, String message) {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ThreadsQuery.of(parse(query)).creationStacks());
        assertEquals("createdBy", e.parameter());
        assertEquals(message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())));
    }

    static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return map;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            map.computeIfAbsent(parts[0], key -> new java.util.ArrayList<>()).add(parts.length > 1 ? parts[1] : "");
        }
        return map;
    }
}
