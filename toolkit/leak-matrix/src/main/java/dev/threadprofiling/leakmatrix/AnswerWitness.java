package dev.threadprofiling.leakmatrix;

import dev.threadprofiling.server.RequestThreads;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sees which pool threads are alive when a {@code /process} answer is sent: a Javalin after-handler
 * runs once the handler has returned and before the response is written. A pool that joins its
 * threads has none left by then; one that only cancels them usually still has some.
 */
final class AnswerWitness {

    private volatile boolean recording;
    private volatile List<String> aliveAtLastAnswer = List.of();

    /** Adds the after-handler to a server that is not started yet. */
    void install(Javalin app) {
        app.unsafe.internalRouter.addHttpEndpoint(new Endpoint(HandlerType.AFTER, "/process", ctx -> {
            if (recording) {
                aliveAtLastAnswer = alivePoolThreads();
            }
        }, Set.of()));
    }

    void recording(boolean on) {
        recording = on;
        aliveAtLastAnswer = List.of();
    }

    /** Names of the pool threads (of any request) alive when the last answer was sent. */
    List<String> aliveAtLastAnswer() {
        return aliveAtLastAnswer;
    }

    /** Platform threads from the thread groups (fast, so threads ending meanwhile are still seen); else a capture, which sees virtual threads. */
    private static List<String> alivePoolThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 64];
        int count = root.enumerate(threads, true);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (RequestThreads.isRequestThread(threads[i].getName())) {
                names.add(threads[i].getName());
            }
        }
        return names.isEmpty() ? RequestThreads.alive() : names;
    }
}
