package dev.threadprofiling.leakmatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/modules.tsv: read as the scripts read it, and in step with the root pom's modules. */
class WorkbookModulesTest {

    private static final Pattern MODULE = Pattern.compile("<module>((?:exercises|solutions)/[^<]+)</module>");

    @Test
    void everyExerciseAndStepOfThePomIsListedOnceAndEveryListedModuleIsBuilt() throws Exception {
        String pom = Files.readString(ShippedExercise.root().resolve("pom.xml"), StandardCharsets.UTF_8);
        Set<String> built = new TreeSet<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            built.add(m.group(1));
        }
        List<String> listed = WorkbookModules.all().stream().map(WorkbookModules.Module::path).collect(Collectors.toList());
        assertEquals(built, new TreeSet<>(listed), "the root pom's exercise and solution modules against " + WorkbookModules.FILE);
        assertEquals(listed.size(), new TreeSet<>(listed).size(), "a module listed twice in " + WorkbookModules.FILE);
        for (WorkbookModules.Module module : WorkbookModules.all()) {
            assertTrue(Files.isRegularFile(ShippedExercise.root().resolve(module.path()).resolve("pom.xml")), module.toString());
        }
    }

    @Test
    void aChapterListsItsModulesInOrderAndAnUnknownNameIsNamedWithTheKnownOnes() {
        assertEquals(List.of("exercise", "step1", "step2", "step3"),
                WorkbookModules.of("contention").stream().map(WorkbookModules.Module::name).collect(Collectors.toList()));
        WorkbookModules.Module step1 = WorkbookModules.find("threads", "step1");
        assertEquals("solutions/profiling/03-threads/step1-close-queue", step1.path());
        assertEquals(17, step1.java());
        assertEquals(21, WorkbookModules.find("threads-virtual", "virtual-exercise").java());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WorkbookModules.find("contention", "step9"));
        assertEquals("no module step9 in chapter contention of scripts/modules.tsv (modules: exercise, step1, step2, step3)",
                error.getMessage());
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndAMalformedLineIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modules.tsv");
        Files.writeString(file, "# chapter\tname\tmodule\tjava\n\nthreads\texercise\tex\t17\n", StandardCharsets.UTF_8);
        assertEquals(List.of(new WorkbookModules.Module("threads", "exercise", "ex", 17)), WorkbookModules.read(file));

        Files.writeString(file, "threads\texercise\tex\t17\nthreads step1 solutions/step1 17\n", StandardCharsets.UTF_8);
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> WorkbookModules.read(file));
        assertTrue(error.getMessage().startsWith(file + " line 2 is not \"chapter<TAB>name<TAB>module<TAB>java\""),
                error.getMessage());
    }
}
