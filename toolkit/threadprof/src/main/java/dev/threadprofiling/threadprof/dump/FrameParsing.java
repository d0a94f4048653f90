package dev.threadprofiling.threadprof.dump;

import dev.threadprofiling.threadprof.model.Frames;
import dev.threadprofiling.threadprof.model.StackFrame;
import java.util.regex.Pattern;

/** Frames as dumps print them, turned into {@link StackFrame}s that match in-process captures. */
final class FrameParsing {

    private static final Pattern HIDDEN_SUFFIX = Pattern.compile("/0x[0-9a-fA-F]+");

    private FrameParsing() {
    }

    /**
     * A jstack {@code at} line's text: {@code java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:341)},
     * {@code Foo$$Lambda$14/0x0000000800c03000.run(Unknown Source)}; the module sits inside the parentheses.
     */
    static StackFrame jstackFrame(String text) {
        int open = text.lastIndexOf('(');
        if (open < 0 || !text.endsWith(")")) {
            throw new IllegalArgumentException("not a stack frame: " + text);
        }
        String location = text.substring(open + 1, text.length() - 1);
        int slash = location.lastIndexOf('/');
        return frame(moduleBefore(location, slash), text.substring(0, open), location.substring(slash + 1));
    }

    /**
     * {@link StackTraceElement#toString()} form, as {@code jcmd Thread.dump_to_file -format=json} writes it:
     * {@code java.base/java.lang.Thread.run(Thread.java:1474)}, {@code app//dev.Foo.bar(Foo.java:3)}.
     */
    static StackFrame elementFrame(String text) {
        int open = text.indexOf('(');
        if (open < 0 || !text.endsWith(")")) {
            throw new IllegalArgumentException("not a stack frame: " + text);
        }
        String qualified = HIDDEN_SUFFIX.matcher(text.substring(0, open)).replaceAll("");
        int slash = qualified.lastIndexOf('/');
        return frame(moduleBefore(qualified, slash), qualified.substring(slash + 1), text.substring(open + 1, text.length() - 1));
    }

    /**
     * The module named before {@code text}'s last slash (at {@code slash}), in {@code loader/module@version}
     * or {@code module@version} form; {@code null} without a slash or with an empty name (the class path).
     */
    private static String moduleBefore(String text, int slash) {
        if (slash < 0) {
            return null;
        }
        String prefix = text.substring(0, slash);
        return moduleName(prefix.substring(prefix.lastIndexOf('/') + 1));
    }

    private static StackFrame frame(String module, String qualifiedMethod, String location) {
        int dot = qualifiedMethod.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("not a class.method: " + qualifiedMethod);
        }
        String className = Frames.normaliseClassName(qualifiedMethod.substring(0, dot));
        String method = qualifiedMethod.substring(dot + 1);
        String file = null;
        int line = -1;
        if (location.equals("Native Method")) {
            line = StackFrame.NATIVE;
        } else if (!location.equals("Unknown Source") && !location.isEmpty()) {
            int colon = location.lastIndexOf(':');
            if (colon > 0 && location.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < location.length() - 1) {
                file = location.substring(0, colon);
                line = Integer.parseInt(location.substring(colon + 1));
            } else {
                file = location;
            }
        }
        return new StackFrame(module, className, method, file, line);
    }

    /** {@code java.base@17.0.15} → {@code java.base}; an empty name (class path) → {@code null}. */
    private static String moduleName(String text) {
        int at = text.indexOf('@');
        String name = at >= 0 ? text.substring(0, at) : text;
        return name.isEmpty() ? null : name;
    }
}
