package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JFR's recorded stacks as {@link StackFrame}s, innermost first, for every JFR source (thread
 * starts, contention). Touches {@code jdk.jfr} only when called.
 *
 * <p>JFR records no source file names: a frame's file is the one its class records
 * ({@link SourceFiles}: {@code Foo.kt} for Kotlin), or none when the class cannot be read; never a
 * guessed {@code .java}.
 */
public final class JfrStacks {

    /** JFR names hidden classes {@code Foo.0x…} (Java 21+) or {@code Foo+0x….12345} (Java 17). */
    private static final Pattern JFR_HIDDEN_SUFFIX = Pattern.compile("(\\.|\\+)0x[0-9a-fA-F]+(\\.\\d+)?$");

    private JfrStacks() {
    }

    /** The frames of {@code trace}, innermost first, leaving out the innermost frames {@code skipTop} accepts. */
    public static List<StackFrame> frames(jdk.jfr.consumer.RecordedStackTrace trace, TopFrameFilter skipTop) {
        if (trace == null) {
            return List.of();
        }
        List<StackFrame> frames = new ArrayList<>();
        for (jdk.jfr.consumer.RecordedFrame frame : trace.getFrames()) {
            jdk.jfr.consumer.RecordedMethod method = frame.getMethod();
            if (method == null || method.getType() == null) {
                continue;
            }
            String className = Frames.normaliseClassName(
                    JFR_HIDDEN_SUFFIX.matcher(method.getType().getName()).replaceAll(""));
            String methodName = method.getName();
            if (frames.isEmpty() && skipTop.skips(className, methodName)) {
                continue;
            }
            int line = frame.isJavaFrame() ? Math.max(frame.getLineNumber(), -1) : StackFrame.NATIVE;
            frames.add(new StackFrame(null, className, methodName, sourceFileOf(className), line));
        }
        return frames;
    }

    /** Innermost frames a source leaves out (the JDK's own {@code Thread.start}, say). */
    @FunctionalInterface
    public interface TopFrameFilter {
        TopFrameFilter NONE = (className, methodName) -> false;

        boolean skips(String className, String methodName);
    }

    /** The file the class records ({@code Foo.kt} for Kotlin), or {@code null}: never a guessed name. */
    public static String sourceFileOf(String className) {
        return SourceFiles.of(className);
    }
}
