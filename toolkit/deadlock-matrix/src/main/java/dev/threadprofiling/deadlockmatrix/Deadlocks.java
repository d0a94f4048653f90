package dev.threadprofiling.deadlockmatrix;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The deadlocks of this JVM, as the JVM itself finds them ({@link ThreadMXBean#findDeadlockedThreads()}:
 * monitors and {@code java.util.concurrent} locks): one edge per deadlocked thread, "T waits for L,
 * held by U, which locked it at F".
 */
final class Deadlocks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Deadlocks() {
    }

    /** One thread of a cycle: what it waits for and who holds it. */
    record Edge(String thread, String lock, String owner, String lockedAt) {
        @Override
        public String toString() {
            return thread + " waits for " + lock + " held by " + owner + " (locked in frame " + lockedAt + ")";
        }
    }

    /** Every deadlocked thread now, as an edge; empty when there is none. */
    static List<Edge> find() {
        long[] ids = THREADS.findDeadlockedThreads();
        List<Edge> edges = new ArrayList<>();
        if (ids == null) {
            return edges;
        }
        for (ThreadInfo info : THREADS.getThreadInfo(ids, true, true)) {
            if (info == null) {
                continue;
            }
            LockInfo lock = info.getLockInfo();
            edges.add(new Edge(info.getThreadName(), lock == null ? "?" : lock.getClassName(), info.getLockOwnerName(),
                    lockedAt(lock, info.getLockOwnerId())));
        }
        return edges;
    }

    /** The frame where the owner took {@code lock} (monitors only; a j.u.c lock records no frame). */
    private static String lockedAt(LockInfo lock, long ownerId) {
        ThreadInfo owner = ownerId < 0 ? null : THREADS.getThreadInfo(new long[] {ownerId}, true, false)[0];
        if (owner == null || lock == null) {
            return "?";
        }
        for (MonitorInfo monitor : owner.getLockedMonitors()) {
            if (monitor.getIdentityHashCode() == lock.getIdentityHashCode() && monitor.getLockedStackFrame() != null) {
                StackTraceElement frame = monitor.getLockedStackFrame();
                String simpleClass = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
                return simpleClass + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "a java.util.concurrent lock (no frame recorded)";
    }

    /** Whether a thread is in {@code className.method} and sleeping there (holding what it locked before). */
    static boolean sleepingIn(String className, String method) {
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            StackTraceElement[] stack = info.getStackTrace();
            boolean sleeping = stack.length > 0 && stack[0].getMethodName().startsWith("sleep");
            for (StackTraceElement frame : stack) {
                if (sleeping && frame.getClassName().equals(className) && frame.getMethodName().equals(method)) {
                    return true;
                }
            }
        }
        return false;
    }
}
