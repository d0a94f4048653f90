package dev.threadprofiling.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code console} block: {@code $ command} lines (a trailing {@code \} continues one), each
 * followed by the output the page shows for it.
 */
record ConsoleBlock(List<Step> steps) {

    record Step(String command, List<String> expected) {
    }

    static ConsoleBlock parse(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        StringBuilder command = null;
        List<String> expected = new ArrayList<>();
        boolean continuing = false;
        for (String line : lines) {
            if (continuing) {
                command.append('\n').append(line);
                continuing = line.endsWith("\\");
            } else if (line.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Step(command.toString(), List.copyOf(expected)));
                }
                command = new StringBuilder(line.substring(2));
                expected = new ArrayList<>();
                continuing = line.endsWith("\\");
            } else if (command != null) {
                expected.add(line);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalArgumentException("console block output before any '$ ' command: " + line);
            }
        }
        if (command != null) {
            steps.add(new Step(command.toString(), List.copyOf(expected)));
        }
        return new ConsoleBlock(steps);
    }
}
