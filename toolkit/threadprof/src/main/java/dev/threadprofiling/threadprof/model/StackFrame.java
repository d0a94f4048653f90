package dev.threadprofiling.threadprof.model;

import java.util.Objects;

/**
 * One frame of a thread's stack, as the JVM reports it.
 *
 * <p>{@code className} is already normalised (see {@link Frames#normaliseClassName}), so
 * lambda and hidden-class frames compare equal across runs.
 *
 * @param moduleName the frame's module ({@code java.base}), or {@code null} for the class path
 * @param className  binary class name, e.g. {@code dev.threadprofiling.workerpool.WorkerPool}
 * @param methodName method name, e.g. {@code work}
 * @param fileName   source file name, or {@code null} when unknown
 * @param line       source line; {@code -2} for a native method, {@code -1} when unknown
 */
public record StackFrame(String moduleName, String className, String methodName, String fileName, int line) {

    public static final int NATIVE = -2;

    public StackFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }

    /** {@code package.Class.method}: the function name pprof and the threadprof CLI show. */
    public String function() {
        return className + "." + methodName;
    }

    /** Whether this is the reader's own code, not the JDK's or a library's ({@link ApplicationFrames}). */
    public boolean isApplication() {
        return ApplicationFrames.isApplication(this);
    }

    public boolean isNative() {
        return line == NATIVE;
    }

    /** The frame as {@link StackTraceElement#toString()} prints it, e.g. {@code Foo.bar(Foo.java:12)}. */
    @Override
    public String toString() {
        String where;
        if (isNative()) {
            where = "Native Method";
        } else if (fileName == null) {
            where = "Unknown Source";
        } else if (line >= 0) {
            where = fileName + ":" + line;
        } else {
            where = fileName;
        }
        String prefix = moduleName == null ? "" : moduleName + "/";
        return prefix + function() + "(" + where + ")";
    }
}
