package dev.threadprofiling.threadprof.dump;

import dev.threadprofiling.threadprof.model.Blocker;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of {@code jstack <pid>} and {@code jcmd <pid> Thread.print}, JDK 17 and JDK 21+ forms.
 *
 * <pre>
 * "worker-1-1" #31 daemon prio=5 os_prio=0 cpu=0.31ms elapsed=3.20s tid=0x… nid=0x6342 waiting on condition  [0x…]
 * "worker-1-1" #31 [26169] daemon prio=5 …                        (JDK 21+: the OS thread id in brackets)
 *    java.lang.Thread.State: WAITING (parking)
 * 	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
 * 	- parking to wait for  &lt;0x000000069ebed570&gt; (a java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject)
 * </pre>
 *
 * <p>Java threads (a header with {@code #id}) become {@link ThreadSample}s, also those without Java frames
 * (compiler threads, {@code Signal Dispatcher}), as {@code ThreadMXBean} lists them. JVM-internal threads
 * (GC, {@code VM Thread}: a header without {@code #id}) are left out, so that totals match in-process
 * captures and {@code jvm_threads_live_threads}. A carrier's {@code Carrying virtual thread #N} line is
 * skipped: jstack does not print the virtual thread's own frames.
 *
 * <p>The "Found one Java-level deadlock" sections a dump ends with become {@link ThreadProfile#deadlocks()}
 * ({@link JstackDeadlocks}).
 *
 * <p>jstack prints object addresses ({@code <0x…>}), not identity hashes, so {@link Blocker#identityHash()}
 * is 0 for blockers read from text.
 */
public final class JstackParser {

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" #(\\d+)(?: \\[\\d+\\])?(?: (daemon))?(?: .*)?$");
    private static final Pattern VM_HEADER = Pattern.compile("^\"(.*)\"(?: .*)?$");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State: ([A-Z_]+)");
    private static final Pattern AT = Pattern.compile("^\\s+at (.+)$");
    private static final Pattern LOCK_LINE = Pattern.compile(
            "^\\s+- (parking to wait for|waiting on|waiting to lock|waiting to re-lock in wait\\(\\))\\s+<0x[0-9a-fA-F]+> \\(a (.+)\\)$");
    private static final Pattern VM_VERSION = Pattern.compile("^Full thread dump .*\\((\\S+)[ )]");
    private static final Pattern PID_LINE = Pattern.compile("^(\\d+):$");
    private static final Pattern DATE_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$");

    private JstackParser() {
    }

    /** Whether {@code text} looks like a jstack or {@code Thread.print} dump. */
    public static boolean looksLike(String text) {
        if (text.contains("Full thread dump ")) {
            return true;
        }
        for (String line : text.lines().limit(200).toList()) {
            if (HEADER.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    public static ThreadProfile parse(String text) {
        long pid = -1;
        String javaVersion = null;
        Instant capturedAt = null;
        List<ThreadSample> threads = new ArrayList<>();
        Builder current = null;
        List<String> lines = List.of(text.split("\r?\n"));
        int deadlockSections = lines.indexOf(JstackDeadlocks.START);
        for (String line : deadlockSections < 0 ? lines : lines.subList(0, deadlockSections)) {
            Matcher m;
            if (line.startsWith("\"")) {
                if (current != null) {
                    threads.add(current.build());
                    current = null;
                }
                m = HEADER.matcher(line);
                if (m.matches()) {
                    current = new Builder(m.group(1), Long.parseLong(m.group(2)), m.group(3) != null);
                } else if (!VM_HEADER.matcher(line).matches()) {
                    throw new ProfileFormatException("not a jstack dump: cannot read the thread header " + line);
                }
                continue;
            }
            if (current == null) {
                if (pid < 0 && (m = PID_LINE.matcher(line)).matches()) {
                    pid = Long.parseLong(m.group(1));
                } else if (javaVersion == null && (m = VM_VERSION.matcher(line)).find()) {
                    javaVersion = m.group(1);
                } else if (capturedAt == null && DATE_LINE.matcher(line).matches()) {
                    capturedAt = localTime(line);
                }
                continue;
            }
            if ((m = STATE.matcher(line)).find()) {
                current.state = m.group(1);
            } else if ((m = AT.matcher(line)).matches()) {
                current.frames.add(frame(m.group(1)));
            } else if ((m = LOCK_LINE.matcher(line)).matches() && current.blocker == null) {
                Blocker.Kind kind = switch (m.group(1)) {
                    case "parking to wait for" -> Blocker.Kind.PARK;
                    case "waiting to lock" -> Blocker.Kind.MONITOR_ENTER;
                    default -> Blocker.Kind.MONITOR_WAIT;
                };
                current.blocker = new Blocker(kind, Frames.normaliseClassName(m.group(2)), 0, -1, null);
            } else if (line.isBlank()) {
                threads.add(current.build());
                current = null;
            }
        }
        if (current != null) {
            threads.add(current.build());
        }
        if (threads.isEmpty()) {
            throw new ProfileFormatException("not a jstack dump: no Java thread (\"name\" #id …) found");
        }
        List<Deadlock> deadlocks = deadlockSections < 0 ? List.of()
                : JstackDeadlocks.parse(lines.subList(deadlockSections, lines.size()), threads);
        return new ThreadProfile(capturedAt == null ? Instant.now() : capturedAt,
                new ThreadProfile.ProcessInfo(pid, null, javaVersion, "jstack"), threads, deadlocks);
    }

    private static StackFrame frame(String text) {
        try {
            return FrameParsing.jstackFrame(text);
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException("not a jstack dump: " + e.getMessage(), e);
        }
    }

    private static Instant localTime(String line) {
        try {
            return LocalDateTime.parse(line, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    .atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Builder {
        final String name;
        final long id;
        final boolean daemon;
        String state = "RUNNABLE";
        final List<StackFrame> frames = new ArrayList<>();
        Blocker blocker;

        Builder(String name, long id, boolean daemon) {
            this.name = name;
            this.id = id;
            this.daemon = daemon;
        }

        ThreadSample build() {
            return new ThreadSample(id, name, state, daemon, false, frames, blocker, null,
                    ThreadSample.Origin.NOT_TRACKED);
        }
    }
}
