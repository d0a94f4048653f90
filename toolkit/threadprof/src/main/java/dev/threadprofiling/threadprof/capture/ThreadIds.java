package dev.threadprofiling.threadprof.capture;

/**
 * Thread ids come from one counter and only grow: a thread whose id is above a value read earlier
 * was created after that read. This is how a capture tells new threads (virtual ones included) from
 * old ones without listing them.
 */
public final class ThreadIds {

    private ThreadIds() {
    }

    /** The highest thread id handed out so far: creating an unstarted thread draws the next one. */
    @SuppressWarnings("deprecation") // getId(): threadId() is Java 19+
    public static long lastIssued() {
        return new Thread(null, null, "thread-id-probe", 1, false).getId() - 1;
    }
}
