package dev.threadprofiling.threadprof.dump;

import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadSample;
import dev.threadprofiling.threadprof.model.WaitForGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sections {@code jstack} and {@code jcmd Thread.print} end with when the JVM found deadlocks:
 *
 * <pre>
 * Found one Java-level deadlock:
 * =============================
 * "account-0":
 *   waiting to lock monitor 0x00007f5a6409f1d0 (object 0x000000069ec22238, a java.lang.Object),
 *   which is held by "account-1"
 * "ledger-1":
 *   waiting for ownable synchronizer 0x000000069edaaf20, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
 *   which is held by "ledger-2"
 *
 * Java stack information for the threads listed above:
 * ===================================================
 * "account-1":
 * 	at dev.example.Bank.transfer(Bank.java:20)
 * 	- locked &lt;0x000000069ec22238&gt; (a java.lang.Object)
 * ...
 * Found 2 deadlocks.
 * </pre>
 *
 * A monitor's holder is followed to the frame above its {@code - locked <address>} line
 * ({@link Deadlock.Taken#LOCKED_AT}); a {@code java.util.concurrent} lock names the holder's innermost
 * application frame, as the in-process detector does. Thread ids come from the dump's thread headers.
 */
final class JstackDeadlocks {

    static final String START = "Found one Java-level deadlock:";
    private static final String STACKS = "Java stack information for the threads listed above:";
    private static final Pattern NAME = Pattern.compile("^\"(.*)\":$");
    private static final Pattern MONITOR = Pattern.compile(
            "^\\s+waiting to lock monitor 0x[0-9a-fA-F]+ \\(object (0x[0-9a-fA-F]+), a (.+)\\),$");
    private static final Pattern SYNCHRONIZER = Pattern.compile(
            "^\\s+waiting for ownable synchronizer (0x[0-9a-fA-F]+), \\(a (.+)\\),$");
    private static final Pattern HELD_BY = Pattern.compile("^\\s+which is held by \"(.*)\"$");
    private static final Pattern AT = Pattern.compile("^\\s+at (.+)$");
    private static final Pattern LOCKED = Pattern.compile("^\\s+- locked <(0x[0-9a-fA-F]+)> \\(a .+\\)$");

    private JstackDeadlocks() {
    }

    /** The cycles of the deadlock sections in {@code lines} (from the first {@link #START} on). */
    static List<Deadlock> parse(List<String> lines, List<ThreadSample> threads) {
        Map<String, Long> ids = new HashMap<>();
        for (ThreadSample thread : threads) {
            ids.putIfAbsent(thread.name(), thread.id());
        }
        List<Deadlock> deadlocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).equals(START)) {
                i++;
                continue;
            }
            Map<String, Waiting> waits = new LinkedHashMap<>();
            String name = null;
            for (i++; i < lines.size() && !lines.get(i).equals(STACKS); i++) {
                String line = lines.get(i);
                Matcher m;
                if ((m = NAME.matcher(line)).matches()) {
                    name = m.group(1);
                } else if ((m = MONITOR.matcher(line)).matches() && name != null) {
                    waits.put(name, new Waiting(Deadlock.LockKind.MONITOR, m.group(1), m.group(2)));
                } else if ((m = SYNCHRONIZER.matcher(line)).matches() && name != null) {
                    waits.put(name, new Waiting(Deadlock.LockKind.SYNCHRONIZER, m.group(1), m.group(2)));
                } else if ((m = HELD_BY.matcher(line)).matches() && waits.containsKey(name)) {
                    waits.get(name).holder = m.group(1);
                }
            }
            Map<String, Stack> stacks = new HashMap<>();
            Stack stack = null;
            for (i++; i < lines.size() && !lines.get(i).equals(START) && !lines.get(i).startsWith("Found "); i++) {
                String line = lines.get(i);
                Matcher m;
                if ((m = NAME.matcher(line)).matches()) {
                    stack = stacks.computeIfAbsent(m.group(1), key -> new Stack());
                } else if (stack != null && (m = AT.matcher(line)).matches()) {
                    stack.frames.add(FrameParsing.jstackFrame(m.group(1)));
                } else if (stack != null && (m = LOCKED.matcher(line)).matches() && !stack.frames.isEmpty()) {
                    stack.lockedAt.putIfAbsent(m.group(1), stack.frames.get(stack.frames.size() - 1));
                }
            }
            deadlocks.add(cycle(waits, stacks, ids));
        }
        return deadlocks;
    }

    private static Deadlock cycle(Map<String, Waiting> waits, Map<String, Stack> stacks, Map<String, Long> ids) {
        List<Deadlock.Edge> edges = new ArrayList<>();
        for (Map.Entry<String, Waiting> entry : waits.entrySet()) {
            Waiting waiting = entry.getValue();
            if (waiting.holder == null) {
                throw new ProfileFormatException("not a jstack deadlock section: no \"which is held by\" for \"" + entry.getKey() + "\"");
            }
            Deadlock.Lock lock = new Deadlock.Lock(waiting.kind, waiting.className, 0);
            long id = idOf(ids, entry.getKey());
            long holderId = idOf(ids, waiting.holder);
            Stack holder = stacks.getOrDefault(waiting.holder, new Stack());
            StackFrame lockedAt = holder.lockedAt.get(waiting.address);
            edges.add(waiting.kind == Deadlock.LockKind.MONITOR && lockedAt != null
                    ? new Deadlock.Edge(id, entry.getKey(), lock, holderId, waiting.holder, lockedAt, Deadlock.Taken.LOCKED_AT)
                    : WaitForGraph.edge(id, entry.getKey(), lock, holderId, waiting.holder, holder.frames));
        }
        try {
            return new Deadlock(Deadlock.Detection.JVM, edges);
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException("not a jstack deadlock section: " + e.getMessage(), e);
        }
    }

    private static long idOf(Map<String, Long> ids, String name) {
        Long id = ids.get(name);
        if (id == null) {
            throw new ProfileFormatException("not a jstack dump: the deadlock section names \"" + name
                    + "\", which is not among the dump's threads");
        }
        return id;
    }

    /** What one thread of a section waits for. */
    private static final class Waiting {
        final Deadlock.LockKind kind;
        final String address;
        final String className;
        String holder;

        Waiting(Deadlock.LockKind kind, String address, String className) {
            this.kind = kind;
            this.address = address;
            this.className = Frames.normaliseClassName(className);
        }
    }

    /** One thread of "Java stack information": its frames, and the frame above each {@code - locked} line. */
    private static final class Stack {
        final List<StackFrame> frames = new ArrayList<>();
        final Map<String, StackFrame> lockedAt = new HashMap<>();
    }
}
