package dev.threadprofiling.threadprof;

/** How the text formats print a frame: {@code Class.method(File.java:N)}, without the module prefix. */
final class FrameText {

    private FrameText() {
    }

    static String plain(StackFrame frame) {
        if (frame.moduleName() == null) {
            return frame.toString();
        }
        return new StackFrame(null, frame.className(), frame.methodName(), frame.fileName(), frame.line()).toString();
    }
}
