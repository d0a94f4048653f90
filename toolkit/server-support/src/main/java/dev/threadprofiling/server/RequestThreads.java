package dev.threadprofiling.server;

import java.time.Duration;
import java.util.List;

/** The threads requests start on chapter 3's servers: {@code worker-<request>-<n>} and {@code producer-<request>}. */
public final class RequestThreads {

    /**
     * What chapter 3's servers report at exit, counted the moment the server has stopped: a worker
     * or producer still alive then has leaked. {@code stopped: 0 worker/producer threads alive at exit}.
     */
    public static final ThreadsAtExit AT_EXIT = new ThreadsAtExit("worker/producer threads",
            RequestThreads::isRequestThread, Duration.ZERO);

    private RequestThreads() {
    }

    public static boolean isRequestThread(String name) {
        return name.startsWith("worker-") || name.startsWith("producer-");
    }

    /** Names of the request threads alive now (virtual ones too, where the capture sees them). */
    public static List<String> alive() {
        return AT_EXIT.alive();
    }
}
