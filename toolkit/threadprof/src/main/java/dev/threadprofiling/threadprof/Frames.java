package dev.threadprofiling.threadprof;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the JVM's stack elements into {@link StackFrame}s that compare equal across runs. */
public final class Frames {

    /** {@code Foo$$Lambda$14/0x0000000800c03000}, {@code Foo$$Lambda/0x…}, hidden classes {@code Foo/0x…}. */
    private static final Pattern HIDDEN_SUFFIX = Pattern.compile("/0x[0-9a-fA-F]+");
    /** {@code $$Lambda$14} numbers change with class-loading order. */
    private static final Pattern LAMBDA_NUMBER = Pattern.compile("\\$\\$Lambda\\$\\d+");

    private Frames() {
    }

    /** Strips what changes from run to run: hidden-class addresses and lambda counters. */
    public static String normaliseClassName(String className) {
        String name = HIDDEN_SUFFIX.matcher(className).replaceAll("");
        return LAMBDA_NUMBER.matcher(name).replaceAll(Matcher.quoteReplacement("$$Lambda"));
    }

    public static StackFrame of(StackTraceElement element) {
        int line = element.isNativeMethod() ? StackFrame.NATIVE : element.getLineNumber();
        if (line < StackFrame.NATIVE) {
            line = -1;
        }
        return new StackFrame(element.getModuleName(), normaliseClassName(element.getClassName()),
                element.getMethodName(), element.getFileName(), line);
    }

    public static List<StackFrame> of(StackTraceElement[] elements) {
        List<StackFrame> frames = new ArrayList<>(elements.length);
        for (StackTraceElement element : elements) {
            frames.add(of(element));
        }
        return frames;
    }
}
