package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.model.StackFrame;
import java.util.List;

/** The frame a reader looks at first: the innermost one that is neither the JDK's nor Jetty's. */
final class AppFrames {

    private static final List<String> LIBRARY_PREFIXES = List.of("java.", "jdk.", "sun.", "org.eclipse.jetty.");

    private AppFrames() {
    }

    /** The first application frame, else the innermost frame, else {@code null}. */
    static StackFrame topApplicationFrame(List<StackFrame> frames) {
        for (StackFrame frame : frames) {
            if (LIBRARY_PREFIXES.stream().noneMatch(frame.className()::startsWith)) {
                return frame;
            }
        }
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** {@code WorkerPool.work(WorkerPool.java:57)}: the class without its package. */
    static String shortText(StackFrame frame) {
        if (frame == null) {
            return "-";
        }
        String simple = frame.className().substring(frame.className().lastIndexOf('.') + 1);
        return new StackFrame(null, simple, frame.methodName(), frame.fileName(), frame.line()).toString();
    }
}
