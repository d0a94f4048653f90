package dev.threadprofiling.docs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares what a page shows with what a command printed. In the page's text, a line that is just
 * {@code ...} stands for any number of lines, and {@code ...} inside a line for any text: that is how
 * a page marks what varies from run to run (times, ids, addresses).
 */
final class OutputMatcher {

    static final String ELLIPSIS = "...";

    private OutputMatcher() {
    }

    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        String pattern = expected.get(e).stripTrailing();
        if (pattern.strip().equals(ELLIPSIS)) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(pattern, actual.get(a).stripTrailing())
                && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String pattern, String line) {
        if (!pattern.contains(ELLIPSIS)) {
            return pattern.equals(line);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split(Pattern.quote(ELLIPSIS), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString()).matcher(line).matches();
    }
}
