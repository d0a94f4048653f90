package dev.threadprofiling.threadprof;

import java.util.List;

/**
 * Where a thread was started: the stack of the code that called {@code Thread.start()} and the
 * thread that ran it. Go prints this as {@code created by main.startWorkers in goroutine 7}.
 *
 * @param parentId   id of the thread that called {@code start()}, or -1 when unknown
 * @param parentName its name, or {@code null} when unknown
 * @param frames     the starting code's stack, innermost first, {@code Thread.start} itself dropped
 */
public record CreationSite(long parentId, String parentName, List<StackFrame> frames) {

    public CreationSite {
        frames = List.copyOf(frames);
    }

    /**
     * The line to read: the first application or test frame of the creation stack, library pool
     * frames skipped ({@link ApplicationFrames}); the raw {@link #topFrame()} when the stack has none.
     */
    public StackFrame caller() {
        StackFrame application = ApplicationFrames.firstIn(frames);
        return application != null ? application : topFrame();
    }

    /** The innermost frame of the creation stack as recorded, whoever's code it is; {@code null} when empty. */
    public StackFrame topFrame() {
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** Go's one-liner: {@code created by Foo.start(Foo.java:12) in thread "main" #1}. */
    public String describe() {
        StackFrame caller = caller();
        String where = caller == null ? "unknown code" : caller.toString();
        String parent = parentName == null ? "an unknown thread" : "thread \"" + parentName + "\" #" + parentId;
        return "created by " + where + " in " + parent;
    }
}
