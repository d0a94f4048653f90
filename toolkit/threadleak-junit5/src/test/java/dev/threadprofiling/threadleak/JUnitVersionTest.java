package dev.threadprofiling.threadleak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The build runs these tests twice, on JUnit Jupiter 5 and on JUnit 6: this says which one ran. */
class JUnitVersionTest {

    @Test
    void runsOnTheJUnitVersionTheBuildAskedFor() {
        String expected = System.getProperty("threadleak.expectedJUnitVersion");
        assumeTrue(expected != null, "not run by the module's Surefire executions: no version to compare");
        String running = org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion();
        System.out.println("[threadleak] extension tests running on JUnit Jupiter " + running);
        assertEquals(expected, running);
    }
}
