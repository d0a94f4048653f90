package dev.threadprofiling.server;

import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.List;
import java.util.stream.Collectors;

/** The threads requests start: {@code worker-<request>-<n>} and {@code producer-<request>}. */
public final class RequestThreads {

    private RequestThreads() {
    }

    public static boolean isRequestThread(String name) {
        return name.startsWith("worker-") || name.startsWith("producer-");
    }

    /** Names of the request threads alive now (virtual ones too, where the capture sees them). */
    public static List<String> alive() {
        return ThreadCapture.create().capture().threads().stream()
                .map(ThreadSample::name)
                .filter(RequestThreads::isRequestThread)
                .sorted()
                .collect(Collectors.toList());
    }
}
