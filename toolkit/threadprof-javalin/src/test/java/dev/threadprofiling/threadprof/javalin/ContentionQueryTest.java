package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadprofiling.threadprof.model.ContentionKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contention endpoints' own query: pprof, debug=1 text or JSON, and a window; no debug=2. */
class ContentionQueryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                   | PPROF  | 0",
        "debug=0              | PPROF  | 0",
        "debug=1              | DEBUG1 | 0",
        "format=text&debug=1  | DEBUG1 | 0",
        "format=json&seconds=5 | JSON  | 5",
        "format=pprof&seconds=300 | PPROF | 300",
    })
    void readsTheFormatAndTheWindowOnce(String query, ContentionFormat format, int seconds) {
        assertEquals(new ContentionQuery(format, seconds), ContentionQuery.of(ThreadsQueryTest.parse(query), ContentionKind.BLOCK));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "debug=2 => debug => debug must be 0 or 1 on /debug/mutex (debug=2 lists threads: /debug/threads?debug=2)",
        "debug=3 => debug => debug must be 0 or 1, not \"3\"",
        "format=text&debug=0 => debug => debug=0 contradicts format=text: give one of them (use debug=0|1 or format=pprof|text|json)",
        "seconds=0 => seconds => seconds must be between 1 and 300, not 0",
        "createdBy=full => createdBy => unknown parameter \"createdBy\"; known parameters: debug, format, seconds",
    })
    void refusesWhatItCannotAnswerNamingTheParameter(String query, String parameter, String message) {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ContentionQuery.of(ThreadsQueryTest.parse(query), ContentionKind.MUTEX));
        assertEquals(parameter, e.parameter());
        assertEquals(message, e.getMessage());
    }
}
