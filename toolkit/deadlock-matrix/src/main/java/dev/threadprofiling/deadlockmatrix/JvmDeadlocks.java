package dev.threadprofiling.deadlockmatrix;

import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.model.Deadlock;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The deadlocks of this JVM, as threadprof's {@link DeadlockDetector} finds them
 * ({@code ThreadMXBean.findDeadlockedThreads()}: monitors and {@code java.util.concurrent} locks),
 * one edge per deadlocked thread: "T waits for L, held by U, which locked it at F".
 */
final class JvmDeadlocks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JvmDeadlocks() {
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
        List<Edge> edges = new ArrayList<>();
        for (Deadlock deadlock : DeadlockDetector.create().find()) {
            for (Deadlock.Edge edge : deadlock.edges()) {
                edges.add(new Edge(edge.threadName(), edge.lock().className(), edge.holderName(), lockedAt(edge)));
            }
        }
        return edges;
    }

    /** The frame where the holder locked a monitor, {@code Bank.transfer(Bank.java:40)}; a j.u.c lock records none. */
    private static String lockedAt(Deadlock.Edge edge) {
        if (edge.taken() != Deadlock.Taken.LOCKED_AT) {
            return "a java.util.concurrent lock (no frame recorded)";
        }
        StackFrame frame = edge.takenAt();
        String simpleClass = frame.className().substring(frame.className().lastIndexOf('.') + 1);
        return simpleClass + "." + frame.methodName() + "(" + frame.fileName() + ":" + frame.line() + ")";
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
