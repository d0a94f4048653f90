package dev.threadprofiling.threadprof;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short summaries of many thread names, for a group's header line.
 *
 * <pre>{@code
 * ThreadNames.pattern(List.of("worker-1-1", "worker-2-7"))   // Optional["worker-*-*"]
 * ThreadNames.pattern(List.of("worker-1-1", "worker-1-2"))   // Optional["worker-1-*"]
 * ThreadNames.summary(names)   // "worker-*-* (worker-1-1, worker-1-2, … 1198 more)"
 * }</pre>
 *
 * <p>A pattern exists only when the names differ in digit runs alone: each digit run that varies
 * becomes {@code *}, digit runs that all names share are kept.
 */
public final class ThreadNames {

    /** Names listed before {@code … N more}. */
    static final int LISTED = 2;

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Compares names with their digit runs as numbers, so {@code worker-2} sorts before {@code worker-10}. */
    public static final Comparator<String> NATURAL_ORDER = ThreadNames::compareNatural;

    private ThreadNames() {
    }

    /**
     * The names' common shape with varying digit runs as {@code *}; empty when there are fewer than
     * two distinct names or when they differ in anything but digits.
     */
    public static Optional<String> pattern(List<String> names) {
        if (names.stream().distinct().count() < 2) {
            return Optional.empty();
        }
        String template = null;
        List<String> firstRuns = null;
        boolean[] varies = null;
        for (String name : names) {
            String nameTemplate = DIGITS.matcher(name).replaceAll("*");
            List<String> runs = digitRuns(name);
            if (template == null) {
                template = nameTemplate;
                firstRuns = runs;
                varies = new boolean[runs.size()];
            } else if (!template.equals(nameTemplate)) {
                return Optional.empty();
            } else {
                for (int i = 0; i < runs.size(); i++) {
                    varies[i] |= !runs.get(i).equals(firstRuns.get(i));
                }
            }
        }
        if (firstRuns.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder pattern = new StringBuilder();
        Matcher matcher = DIGITS.matcher(names.get(0));
        int run = 0;
        while (matcher.find()) {
            matcher.appendReplacement(pattern, varies[run] ? "*" : Matcher.quoteReplacement(matcher.group()));
            run++;
        }
        matcher.appendTail(pattern);
        return Optional.of(pattern.toString());
    }

    /**
     * {@code pattern (first, second, … N more)} when a pattern exists, otherwise the names
     * themselves ({@code main}, or {@code Finalizer, Reference Handler}), cut after two.
     */
    public static String summary(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(NATURAL_ORDER);
        String list = list(sorted);
        return pattern(sorted).map(pattern -> pattern + " (" + list + ")").orElse(list);
    }

    private static String list(List<String> sorted) {
        if (sorted.size() <= LISTED + 1) {
            return String.join(", ", sorted);
        }
        return String.join(", ", sorted.subList(0, LISTED)) + ", … " + (sorted.size() - LISTED) + " more";
    }

    private static List<String> digitRuns(String name) {
        List<String> runs = new ArrayList<>();
        Matcher matcher = DIGITS.matcher(name);
        while (matcher.find()) {
            runs.add(matcher.group());
        }
        return runs;
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isAsciiDigit(ca) && isAsciiDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byNumber = compareNumbers(a.substring(i, endA), b.substring(j, endB));
                if (byNumber != 0) {
                    return byNumber;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static int digitsEnd(String text, int start) {
        int end = start;
        while (end < text.length() && isAsciiDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int compareNumbers(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
}
