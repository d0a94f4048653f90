package dev.threadprofiling.threadleak;

import dev.threadprofiling.threadprof.model.ApplicationFrames;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadNames;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders leaks for a person: goleak's "found unexpected threads:", grouped by thread-name pattern
 * and creator (one line per group with its count and tests, then one example stack).
 */
public final class LeakReport {

    public static final String HEADER = "found unexpected threads:";
    /** Tests named on a group's line before "… N more". */
    private static final int TESTS_LISTED = 5;

    private LeakReport() {
    }

    /** One thread of a report: as captured (or only its name, for a thread that ended), and the test it is charged to. */
    public record Entry(String name, ThreadSample sample, CreationSite creation, String test, String testClass) {
        static Entry of(ThreadSample sample, String testClass) {
            return new Entry(sample.name(), sample, sample.createdBy(), null, testClass);
        }

        /** The line to read: see {@link Creators}. */
        public StackFrame creator() {
            return Creators.creatorOf(creation, testClass);
        }
    }

    /** Threads with the same name pattern and creator, in first-seen order. */
    public record Group(String namePattern, StackFrame creator, StackFrame topFrame, List<Entry> entries) {
        Set<String> tests() {
            Set<String> tests = new LinkedHashSet<>();
            for (Entry entry : entries) {
                if (entry.test() != null) {
                    tests.add(entry.test());
                }
            }
            return tests;
        }
    }

    /**
     * Groups by name pattern, creator and test: threads of different tests or creators never share
     * a group (and so never one example).
     */
    public static List<Group> group(List<Entry> entries) {
        Map<String, List<Entry>> byKey = new LinkedHashMap<>();
        for (Entry entry : entries) {
            StackFrame creator = entry.creator();
            String key = namePattern(entry.name()) + "|" + (creator == null ? "?" : creator.toString()) + "|" + entry.test();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
        List<Group> groups = new ArrayList<>();
        for (List<Entry> members : byKey.values()) {
            List<String> names = members.stream().map(Entry::name).distinct().toList();
            Entry first = members.get(0);
            String pattern = names.size() == 1 ? first.name()
                    : ThreadNames.pattern(names).filter(p -> !p.contains("@")).orElse(namePattern(first.name()));
            groups.add(new Group(pattern, first.creator(),
                    first.creation() == null ? null : first.creation().topFrame(), List.copyOf(members)));
        }
        groups.sort((a, b) -> Integer.compare(b.entries().size(), a.entries().size()));
        return groups;
    }

    private static final Pattern BRACES = Pattern.compile("\\{[^{}]*}");
    private static final Pattern ADDRESS = Pattern.compile("@[0-9a-fA-F]+");
    private static final Pattern HOST_PORT = Pattern.compile("(?:[0-9a-fA-F.:\\[\\]]+|localhost):\\d+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * The name with its variable parts folded: numbers, identity hashes ({@code @1a2b3c}), host and
     * port ({@code 0.0.0.0:8080}) and connector descriptions in braces ({@code {HTTP/1.1, (http/1.1)}}).
     * Jetty's {@code qtp123-45-acceptor-0@1a2b3c-ServerConnector@4d5e{HTTP/1.1, (http/1.1)}{0.0.0.0:8080}}
     * becomes {@code qtp*-*-acceptor-*@*-ServerConnector@*{*}{*}}.
     */
    public static String namePattern(String name) {
        String folded = BRACES.matcher(name).replaceAll("{*}");
        folded = ADDRESS.matcher(folded).replaceAll("@*");
        folded = HOST_PORT.matcher(folded).replaceAll("*:*");
        return DIGITS.matcher(folded).replaceAll("*");
    }

    /** {@code 2 threads "pool-*-thread-*" created by X.start(X.java:12) (top frame …); tests: A.a(), B.b()} */
    public static String groupLine(Group group, boolean withTests) {
        int count = group.entries().size();
        StringBuilder line = new StringBuilder().append(count).append(count == 1 ? " thread \"" : " threads \"")
                .append(group.namePattern()).append("\" created by ")
                .append(group.creator() == null ? "(not recorded: JFR had not reported its start)" : group.creator().toString());
        if (group.topFrame() != null && !group.topFrame().equals(group.creator())) {
            line.append(" (top frame ").append(group.topFrame()).append(')');
        }
        Set<String> tests = group.tests();
        if (withTests && !tests.isEmpty()) {
            line.append("; ").append(tests.size() == 1 ? "test: " : "tests: ");
            int listed = 0;
            for (String test : tests) {
                if (listed == TESTS_LISTED) {
                    line.append(", … ").append(tests.size() - listed).append(" more");
                    break;
                }
                line.append(listed == 0 ? "" : ", ").append(test);
                listed++;
            }
        }
        return line.toString();
    }

    /** Each group's line, then one example thread with its stack and creation stack. */
    public static void appendGroups(StringBuilder text, List<Group> groups, boolean withTests) {
        for (Group group : groups) {
            text.append('\n').append(groupLine(group, withTests)).append('\n');
            Entry example = group.entries().get(0);
            if (example.sample() != null) {
                appendThread(text, example.sample(), example.testClass());
            }
        }
    }

    /** The failure message of the annotation and of {@link ThreadLeaks#verifyNone}. */
    static String render(String subject, String testClass, List<LeakedThread> leaks, List<ThreadSample> unattributed,
            ThreadLeakOptions options, boolean creationKnown) {
        StringBuilder text = new StringBuilder();
        if (subject != null) {
            text.append(subject).append(": ");
        }
        text.append(HEADER).append('\n');
        List<Entry> entries = new ArrayList<>();
        for (LeakedThread leak : leaks) {
            entries.add(Entry.of(leak.thread(), testClass));
        }
        appendGroups(text, group(entries), false);
        Deadlocks.append(text, Deadlocks.among(leaks.stream().map(LeakedThread::id).toList()));
        if (!unattributed.isEmpty()) {
            text.append('\n').append(unattributedNote(unattributed)).append('\n');
        }
        text.append('\n').append(leaks.size()).append(leaks.size() == 1 ? " thread" : " threads")
                .append(" still alive after ").append(options.timeout().toMillis()).append(" ms");
        if (!creationKnown) {
            text.append("; \"created by\" may be incomplete: the JFR stream had not caught up");
        }
        text.append(options.interruptLeaked() ? "; interrupted them" : "")
                .append(". Stop them before the test ends (shutdown() and awaitTermination(), cancel(), join()),")
                .append(" or ignore them with a ThreadLeakOptions ignore option.");
        return text.toString();
    }

    /** A note for threads that may be leaks but that no test can be blamed for. */
    public static String unattributedNote(List<ThreadSample> unattributed) {
        StringBuilder text = new StringBuilder("also alive, not attributed to this test (their start could not be ")
                .append("traced to any test's thread, so no test is blamed):");
        for (ThreadSample thread : unattributed) {
            text.append("\n  \"").append(thread.name()).append("\" #").append(thread.id()).append(' ')
                    .append(thread.state());
            StackFrame top = thread.topFrame();
            if (top != null) {
                text.append(" at ").append(top);
            }
        }
        return text.toString();
    }

    public static void appendThread(StringBuilder text, ThreadSample thread) {
        appendThread(text, thread, null);
    }

    /** The thread's block; its "created by" line as {@link Creators} names it for a leak of {@code testClass}. */
    public static void appendThread(StringBuilder text, ThreadSample thread, String testClass) {
        text.append("Thread \"").append(thread.name()).append("\" #").append(thread.id()).append(' ')
                .append(thread.state()).append(", ").append(thread.daemon() ? "daemon" : "non-daemon")
                .append(", ").append(thread.virtual() ? "virtual" : "platform").append('\n');
        if (thread.waitingOn() != null) {
            text.append("  ").append(thread.waitingOn().describe()).append('\n');
        }
        if (thread.frames().isEmpty()) {
            text.append("    (no Java frames)\n");
        }
        for (StackFrame frame : thread.frames()) {
            text.append("    at ").append(frame).append('\n');
        }
        CreationSite site = thread.createdBy();
        if (site != null) {
            StackFrame where = Creators.creatorOf(site, testClass);
            text.append("  created by ").append(where == null ? "unknown code" : where.toString()).append(" in ")
                    .append(site.parentName() == null ? "an unknown thread"
                            : "thread \"" + site.parentName() + "\" #" + site.parentId())
                    .append('\n');
            List<StackFrame> frames = site.frames();
            int shown = framesUpToTheTestRunner(frames);
            for (StackFrame frame : frames.subList(0, shown)) {
                text.append("    at ").append(frame).append('\n');
            }
            if (shown < frames.size()) {
                text.append("    ... ").append(frames.size() - shown).append(" frames of the test runner\n");
            }
        } else {
            text.append("  created by: ").append(switch (thread.origin()) {
                case BEFORE_RECORDING -> "not known (started before the JFR thread-start recording began)";
                case NOT_TRACKED -> thread.virtual()
                        ? "not known (JFR's jdk.ThreadStart covers platform threads only)"
                        : "not known (JFR is not available in this JVM)";
                case NOT_YET_RECORDED -> "not yet recorded (started less than a JFR flush ago)";
                case RECORDED -> "not known";
            }).append('\n');
        }
    }

    /** How many creation frames to show: those above the test runner's reflective call into the test. */
    static int framesUpToTheTestRunner(List<StackFrame> frames) {
        boolean seenApplication = false;
        for (int i = 0; i < frames.size(); i++) {
            StackFrame frame = frames.get(i);
            if (seenApplication && (ApplicationFrames.isTestRunner(frame) || isReflection(frame))) {
                return i;
            }
            seenApplication |= !ApplicationFrames.isJdk(frame);
        }
        return frames.size();
    }

    private static boolean isReflection(StackFrame frame) {
        return frame.className().startsWith("jdk.internal.reflect.") || frame.className().startsWith("java.lang.reflect.");
    }
}
