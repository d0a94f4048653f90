package dev.threadprofiling.threadprof.model;

/** How the text formats print a frame: {@code Class.method(File.java:N)}, without the module prefix. */
public final class FrameText {

    private FrameText() {
    }

    public static String plain(StackFrame frame) {
        if (frame.moduleName() == null) {
            return frame.toString();
        }
        return new StackFrame(null, frame.className(), frame.methodName(), frame.fileName(), frame.line()).toString();
    }
}
