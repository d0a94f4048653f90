package dev.threadprofiling.threadprof.model;

/** How the text formats and reports print a frame. */
public final class FrameText {

    private FrameText() {
    }

    /** {@code dev.Foo.bar(Foo.java:12)}: without the module prefix. */
    public static String plain(StackFrame frame) {
        if (frame.moduleName() == null) {
            return frame.toString();
        }
        return new StackFrame(null, frame.className(), frame.methodName(), frame.fileName(), frame.line()).toString();
    }

    /** {@code WorkerPool.work(WorkerPool.java:57)}: the class without its package; {@code -} for none. */
    public static String simple(StackFrame frame) {
        if (frame == null) {
            return "-";
        }
        String simpleClass = frame.className().substring(frame.className().lastIndexOf('.') + 1);
        return new StackFrame(null, simpleClass, frame.methodName(), frame.fileName(), frame.line()).toString();
    }
}
