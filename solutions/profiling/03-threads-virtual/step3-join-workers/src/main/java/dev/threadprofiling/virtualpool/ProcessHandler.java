package dev.threadprofiling.virtualpool;

import dev.threadprofiling.threadprof.javalin.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /process}: builds a worker pool for the request, runs a batch through it and answers
 * a JSON summary.
 *
 * <p>Query parameters: {@code tasks} (100), {@code workers} (15), {@code taskMs} (1),
 * {@code deadlineMs} (10000), {@code failEvery} (5: every fifth request's batch holds an invalid
 * record at task {@value #BAD_TASK}; 0 never, 1 always).
 */
final class ProcessHandler {

    static final int BAD_TASK = 10;

    private final AtomicLong requests = new AtomicLong();

    void handle(Context ctx) throws InterruptedException {
        QueryParams params = QueryParams.of(ctx, "tasks", "workers", "taskMs", "deadlineMs", "failEvery");
        int taskCount = params.intValue("tasks", 100, 1, 10_000);
        int workers = params.intValue("workers", 15, 1, 200);
        int taskMs = params.intValue("taskMs", 1, 0, 10_000);
        int deadlineMs = params.intValue("deadlineMs", 10_000, 1, 60_000);
        int failEvery = params.intValue("failEvery", 5, 0, 1_000_000);

        long request = requests.incrementAndGet();
        List<Task> batch = batch(taskCount, taskMs, failEvery > 0 && request % failEvery == 0);
        long started = System.nanoTime();

        WorkerPool pool = new WorkerPool(request, workers);
        try {
            pool.startWorkers(workers);
            pool.startProducer(batch);
            collectResults(ctx, pool, request, batch.size(), deadlineMs, started);
        } finally {
            pool.shutdown();
        }
    }

    private static void collectResults(Context ctx, WorkerPool pool, long request, int tasks, int deadlineMs,
            long started) throws InterruptedException {
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        int processed = 0;
        while (processed < tasks) {
            Result result = pool.nextResult(deadline);
            if (result == null) {
                answer(ctx, HttpStatus.GATEWAY_TIMEOUT, request, tasks, processed, started,
                        "deadline of " + deadlineMs + " ms passed after " + processed + " of " + tasks + " tasks");
                return;
            }
            if (!result.ok()) {
                pool.awaitWorkers(deadline);
                answer(ctx, HttpStatus.UNPROCESSABLE_CONTENT, request, tasks, processed, started, result.error());
                return;
            }
            processed++;
        }
        answer(ctx, HttpStatus.OK, request, tasks, processed, started, null);
    }

    private static List<Task> batch(int count, int taskMs, boolean withBadRecord) {
        List<Task> batch = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            batch.add(new Task(number, taskMs, withBadRecord && number == Math.min(BAD_TASK, count)));
        }
        return batch;
    }

    private static void answer(Context ctx, HttpStatus status, long request, int tasks, int processed,
            long startedNanos, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request", request);
        body.put("status", status == HttpStatus.OK ? "ok" : status == HttpStatus.GATEWAY_TIMEOUT ? "timeout" : "failed");
        body.put("tasks", tasks);
        body.put("processed", processed);
        body.put("elapsedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        if (error != null) {
            body.put("error", error);
        }
        ctx.status(status).json(body);
    }
}
