package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict file the check scripts read: afresh each run, one tab-separated line per check. */
class CheckVerdictsTest {

    @Test
    void eachRunStartsTheFileAfreshAndAddsALinePerCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("target/check-verdicts.tsv");
        CheckVerdicts.startRun(file).record("leak 1: old", "remains", "2 threads per request");
        CheckVerdicts verdicts = CheckVerdicts.startRun(file);
        verdicts.record("leak 1: the work queue is never closed", "fixed", "");
        verdicts.record("join: the answer waits", "not-joined", "1 thread alive at 1 of 6 answers");
        assertEquals("leak 1: the work queue is never closed\tfixed\t\n"
                + "join: the answer waits\tnot-joined\t1 thread alive at 1 of 6 answers\n",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aVerdictIsOneWordAndNoFieldHoldsATab(@TempDir Path dir) {
        CheckVerdicts verdicts = CheckVerdicts.startRun(dir.resolve("check-verdicts.tsv"));
        assertThrows(IllegalArgumentException.class, () -> verdicts.record("leak 1", "NOT JOINED", ""));
        assertThrows(IllegalArgumentException.class, () -> verdicts.record("leak 1", "remains", "a\tb"));
    }

    @Test
    void oneIsSingular() {
        assertEquals("1 thread", CheckVerdicts.count(1, "thread"));
        assertEquals("0 threads", CheckVerdicts.count(0, "thread"));
        assertEquals("15 threads", CheckVerdicts.count(15, "thread"));
    }
}
