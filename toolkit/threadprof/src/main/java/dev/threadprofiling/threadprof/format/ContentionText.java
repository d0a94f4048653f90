package dev.threadprofiling.threadprof.format;

import dev.threadprofiling.threadprof.model.ContentionGroup;
import dev.threadprofiling.threadprof.model.StackFrame;
import dev.threadprofiling.threadprof.model.ContentionProfile;

/**
 * A block, mutex or pinned profile as {@code debug=1} text: the waits grouped by stack ({@link ContentionGroup}),
 * largest delay first.
 *
 * <pre>{@code
 * String text = ContentionText.render(recorder.cumulative(ContentionKind.BLOCK));
 * }</pre>
 *
 * <p>Output:
 * <pre>
 * --- block profile: 52 contentions, 4.321 s delay in 12.3 s since recording began (threshold 10 ms)
 * 4321000000 52 @ jdk.JavaMonitorEnter lock=dev.shop.PriceList owner=http-* (http-3, http-7, … 5 more)
 * #	dev.shop.PriceList.quote(PriceList.java:31)
 * #	...
 * </pre>
 * Each group is {@code <delay ns> <count> @ <JFR event> lock=<class>} with, where JFR knows it,
 * {@code owner=} (the threads that held the monitor before), {@code notifier=} or, for a pinned virtual
 * thread on Java 24+, {@code reason="VM call to Foo.<clinit> on stack"}, then one
 * {@code #<tab>frame} line per frame and a blank line: Go's {@code debug=1} with the delay first.
 */
public final class ContentionText {

    private ContentionText() {
    }

    public static String render(ContentionProfile profile) {
        StringBuilder out = new StringBuilder(256 + 2048 * profile.samples().size());
        out.append("--- ").append(profile.summary()).append('\n');
        for (ContentionGroup group : ContentionGroup.of(profile.samples())) {
            out.append(group.delayNanos()).append(' ').append(group.count()).append(" @ ").append(group.event());
            if (group.lockClass() != null) {
                out.append(" lock=").append(group.lockClass());
            }
            if (group.others() != null) {
                out.append(' ').append(group.others());
            }
            out.append('\n');
            for (StackFrame frame : group.frames()) {
                out.append("#\t").append(frame).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
