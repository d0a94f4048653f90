package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform threads of this JVM with their stacks, walking only the stacks that may have
 * changed since the previous capture.
 *
 * <p>First a pass without stacks ({@code ThreadMXBean.getThreadInfo(ids, 0)}, which the JVM answers
 * without a safepoint) reads every thread's state, lock and its waited and blocked counts. A thread
 * that was {@code WAITING}, {@code TIMED_WAITING} or {@code BLOCKED} when its stack was last walked
 * and still is, with the same counts, has not left that wait: every park, sleep, {@code Object.wait}
 * and {@code join} adds one to the waited count, every contended monitor entry one to the blocked
 * count. Its stack is the one walked before. Only the other threads' stacks are walked: with 10,000
 * parked workers, a repeated capture walks a few dozen stacks instead of 10,000.
 *
 * <p>Stacks are walked with one global {@code ThreadDump} safepoint for the threads that need it on
 * Java 17–20, and on Java 21+ one thread at a time with {@link Thread#getStackTrace()}, a handshake
 * that stops only that thread, so no capture pauses the whole JVM for the walk. On Java 17 a
 * per-thread walk is a safepoint each (about 41 s for 10,000 threads), so it is not used there.
 *
 * <p>The pass without stacks reads no two fields at one instant. The JVM sets a thread's new state
 * just before it counts the new wait, so a thread read in that instant, after it left one wait of
 * the same state and before its count moved on, keeps its old stack in that one capture; the next
 * capture sees the new count and walks it. Per-thread walks (Java 21+) leave out hidden frames
 * (lambda proxies such as {@code Foo$$Lambda.run}, {@code Thread.runWith}), as
 * {@link Thread#getStackTrace()} does; the global dump keeps them.
 *
 * <p>{@code -Dthreadprof.reuseStacks=false} walks every stack on every capture;
 * {@code -Dthreadprof.perThreadStacks=false} uses the global dump on Java 21+ too.
 */
final class PlatformStacks {

    /** One platform thread: its state, lock and counts, and its stack. */
    record Walk(ThreadInfo info, List<StackFrame> frames) {
    }

    /** A walk and the state and counts its stack belongs to ({@code key}), read before the walk. */
    private record Walked(ThreadInfo key, Walk walk) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean REUSE = !"false".equals(System.getProperty("threadprof.reuseStacks"));
    private static final boolean PER_THREAD = Runtime.version().feature() >= 21
            && !"false".equals(System.getProperty("threadprof.perThreadStacks"));

    /** The JVM's one record of walked stacks, shared by every capture. */
    static final PlatformStacks SHARED = new PlatformStacks(REUSE, PER_THREAD);

    private final boolean reuse;
    private final boolean perThread;
    /** Thread id → its stack when last walked; guarded by {@code this}. */
    private Map<Long, Walked> walked = new HashMap<>();
    private long stacksWalked;

    PlatformStacks(boolean reuse, boolean perThread) {
        this.reuse = reuse;
        this.perThread = perThread;
    }

    /** A record that walks every stack on every capture (the benchmarks' and tests' baseline). */
    static PlatformStacks walkingEveryStack() {
        return new PlatformStacks(false, PER_THREAD);
    }

    /** How many stacks this record has walked so far (reused ones are not counted). */
    synchronized long stacksWalked() {
        return stacksWalked;
    }

    synchronized List<Walk> capture() {
        if (!reuse && !perThread) {
            // One safepoint that reads states and stacks together: the cheapest full walk on 17–20.
            List<Walk> all = new ArrayList<>();
            for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
                if (info != null) {
                    all.add(new Walk(info, Frames.of(info.getStackTrace())));
                }
            }
            stacksWalked += all.size();
            return all;
        }
        ThreadInfo[] now = THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0);
        Map<Long, Walked> next = new HashMap<>(Math.max(16, now.length * 2));
        List<ThreadInfo> toWalk = new ArrayList<>();
        for (ThreadInfo info : now) {
            if (info == null) {
                continue; // ended since the ids were read
            }
            Walked before = reuse ? walked.get(info.getThreadId()) : null;
            if (before != null && stillInSameWait(before.key(), info)) {
                next.put(info.getThreadId(), new Walked(before.key(), new Walk(info, before.walk().frames())));
            } else {
                toWalk.add(info);
            }
        }
        for (Walked fresh : perThread ? walkEach(toWalk) : walkAtSafepoint(toWalk)) {
            next.put(fresh.key().getThreadId(), fresh);
        }
        stacksWalked += toWalk.size();
        // In the JVM's order of threads, as a dump lists them; a thread that ended meanwhile is left out.
        List<Walk> result = new ArrayList<>(now.length);
        for (ThreadInfo info : now) {
            Walked entry = info == null ? null : next.get(info.getThreadId());
            if (entry != null) {
                result.add(entry.walk());
            }
        }
        if (reuse) {
            walked = next;
        }
        return result;
    }

    /**
     * True when {@code now} is the same wait as {@code before}: a waiting state both times, the
     * same state, and no park, sleep, wait or contended entry in between.
     */
    static boolean stillInSameWait(ThreadInfo before, ThreadInfo now) {
        Thread.State state = now.getThreadState();
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || state == Thread.State.BLOCKED;
        return waiting && state == before.getThreadState()
                && now.getWaitedCount() == before.getWaitedCount()
                && now.getBlockedCount() == before.getBlockedCount();
    }

    /** Java 17–20: one {@code ThreadDump} safepoint for the listed threads; states and stacks agree. */
    private static List<Walked> walkAtSafepoint(List<ThreadInfo> threads) {
        List<Walked> walks = new ArrayList<>(threads.size());
        if (threads.isEmpty()) {
            return walks;
        }
        for (ThreadInfo info : THREADS.getThreadInfo(ids(threads), false, false)) {
            if (info != null) {
                walks.add(new Walked(info, new Walk(info, Frames.of(info.getStackTrace()))));
            }
        }
        return walks;
    }

    /**
     * Java 21+: each stack with its own handshake. States are read again afterwards and reported;
     * the record keeps the state read before the walk, so a thread that moved during its walk
     * (another state or count now) does not match it next time and is walked again.
     */
    private static List<Walked> walkEach(List<ThreadInfo> threads) {
        List<Walked> walks = new ArrayList<>(threads.size());
        if (threads.isEmpty()) {
            return walks;
        }
        Map<Long, Thread> live = liveThreads();
        List<StackTraceElement[]> stacks = new ArrayList<>(threads.size());
        for (ThreadInfo info : threads) {
            Thread thread = live.get(info.getThreadId());
            stacks.add(thread == null ? new StackTraceElement[0] : thread.getStackTrace());
        }
        ThreadInfo[] after = THREADS.getThreadInfo(ids(threads), 0);
        for (int i = 0; i < after.length; i++) {
            if (after[i] != null) { // null: ended during the walk
                walks.add(new Walked(threads.get(i), new Walk(after[i], Frames.of(stacks.get(i)))));
            }
        }
        return walks;
    }

    /** The platform threads by id, from the root thread group (no safepoint on Java 21+). */
    private static Map<Long, Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads;
        int count;
        do {
            threads = new Thread[root.activeCount() + 64];
            count = root.enumerate(threads, true);
        } while (count == threads.length);
        Map<Long, Thread> byId = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            byId.put(threadId(threads[i]), threads[i]);
        }
        return byId;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same value
    private static long threadId(Thread thread) {
        return thread.getId();
    }

    private static long[] ids(List<ThreadInfo> threads) {
        long[] ids = new long[threads.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = threads.get(i).getThreadId();
        }
        return ids;
    }
}
