package dev.threadprofiling.threadprof.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

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

    /** Compares names with their digit runs as numbers, so {@code worker-2} sorts before {@code worker-10}. */
    public static final Comparator<String> NATURAL_ORDER = ThreadNames::compareNatural;

    private ThreadNames() {
    }

    /**
     * The names' common shape with varying digit runs as {@code *}; empty when there are fewer than
     * two distinct names or when they differ in anything but digits.
     */
    public static Optional<String> pattern(List<String> names) {
        String first = null;
        String template = null;
        List<String> firstRuns = null;
        boolean[] varies = null;
        boolean distinct = false;
        for (String name : names) {
            if (first == null) {
                first = name;
                template = template(name);
                firstRuns = digitRuns(name);
                varies = new boolean[firstRuns.size()];
                continue;
            }
            if (name.equals(first)) {
                continue;
            }
            distinct = true;
            if (!template.equals(template(name))) {
                return Optional.empty();
            }
            List<String> runs = digitRuns(name);
            for (int i = 0; i < runs.size(); i++) {
                varies[i] |= !runs.get(i).equals(firstRuns.get(i));
            }
        }
        if (!distinct || firstRuns.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder pattern = new StringBuilder();
        int run = 0;
        for (int i = 0; i < first.length(); ) {
            if (isAsciiDigit(first.charAt(i))) {
                int end = digitsEnd(first, i);
                pattern.append(varies[run++] ? "*" : first.substring(i, end));
                i = end;
            } else {
                pattern.append(first.charAt(i++));
            }
        }
        return Optional.of(pattern.toString());
    }

    /**
     * {@code pattern (first, second, … N more)} when a pattern exists, otherwise the names
     * themselves ({@code main}, or {@code Finalizer, Reference Handler}), cut after two.
     */
    public static String summary(List<String> names) {
        String list = list(names);
        return pattern(names).map(pattern -> pattern + " (" + list + ")").orElse(list);
    }

    /** The first names in natural order; only those are sorted, so 10k names cost one pass. */
    private static String list(List<String> names) {
        if (names.size() <= LISTED + 1) {
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(NATURAL_ORDER);
            return String.join(", ", sorted);
        }
        PriorityQueue<String> smallest = new PriorityQueue<>(LISTED + 1, NATURAL_ORDER.reversed());
        for (String name : names) {
            smallest.add(name);
            if (smallest.size() > LISTED) {
                smallest.poll();
            }
        }
        List<String> first = new ArrayList<>(smallest);
        first.sort(NATURAL_ORDER);
        return String.join(", ", first) + ", … " + (names.size() - LISTED) + " more";
    }

    /** The name with every digit run replaced by {@code *}. */
    private static String template(String name) {
        StringBuilder template = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            if (isAsciiDigit(name.charAt(i))) {
                template.append('*');
                i = digitsEnd(name, i);
            } else {
                template.append(name.charAt(i++));
            }
        }
        return template.toString();
    }

    private static List<String> digitRuns(String name) {
        List<String> runs = new ArrayList<>(4);
        for (int i = 0; i < name.length(); ) {
            if (isAsciiDigit(name.charAt(i))) {
                int end = digitsEnd(name, i);
                runs.add(name.substring(i, end));
                i = end;
            } else {
                i++;
            }
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
                int byNumber = compareNumbers(a, i, endA, b, j, endB);
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

    /** Compares two digit runs as numbers of any length, leading zeros ignored. */
    private static int compareNumbers(String a, int startA, int endA, String b, int startB, int endB) {
        while (startA < endA - 1 && a.charAt(startA) == '0') {
            startA++;
        }
        while (startB < endB - 1 && b.charAt(startB) == '0') {
            startB++;
        }
        int lengths = Integer.compare(endA - startA, endB - startB);
        if (lengths != 0) {
            return lengths;
        }
        for (int k = 0; k < endA - startA; k++) {
            int digits = Character.compare(a.charAt(startA + k), b.charAt(startB + k));
            if (digits != 0) {
                return digits;
            }
        }
        return 0;
    }
}
