package dev.threadprofiling.threadprof.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
        if (className.indexOf('/') < 0 && !className.contains("$$Lambda$")) {
            return className;
        }
        String name = HIDDEN_SUFFIX.matcher(className).replaceAll("");
        return LAMBDA_NUMBER.matcher(name).replaceAll(Matcher.quoteReplacement("$$Lambda"));
    }

    /** Frames repeat across threads (10k workers share one stack): convert each distinct one once. */
    private static final int CACHE_LIMIT = 100_000;
    private static final Map<StackTraceElement, StackFrame> CACHE = new ConcurrentHashMap<>();

    public static StackFrame of(StackTraceElement element) {
        StackFrame cached = CACHE.get(element);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        StackFrame frame = convert(element);
        CACHE.put(element, frame);
        return frame;
    }

    private static StackFrame convert(StackTraceElement element) {
        int line = element.isNativeMethod() ? StackFrame.NATIVE : element.getLineNumber();
        if (line < StackFrame.NATIVE) {
            line = -1;
        }
        return new StackFrame(element.getModuleName(), normaliseClassName(element.getClassName()),
                element.getMethodName(), element.getFileName(), line);
    }

    /** An unmodifiable list, which {@link ThreadSample} keeps without copying it. */
    public static List<StackFrame> of(StackTraceElement[] elements) {
        StackFrame[] frames = new StackFrame[elements.length];
        for (int i = 0; i < elements.length; i++) {
            frames[i] = of(elements[i]);
        }
        return List.of(frames);
    }
}
