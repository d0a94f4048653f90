package dev.threadprofiling.virtualpool;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's worker pool on virtual threads: a producer hands the batch to workers through a
 * queue, and the workers hand their results back. A failed task stops the workers.
 */
final class WorkerPool implements AutoCloseable {

    static final int QUEUE_CAPACITY = 10;

    private final long request;
    private final TaskQueue<Task> tasks = new TaskQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<Result> results;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final ExecutorService workerThreads;
    private final ExecutorService producerThread;

    WorkerPool(long request, int workers) {
        this.request = request;
        this.results = new ArrayBlockingQueue<>(workers);
        this.workerThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("worker-" + request + "-", 1).factory());
        this.producerThread = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("producer-" + request).factory());
    }

    void startWorkers(int count) {
        for (int n = 1; n <= count; n++) {
            workerThreads.execute(this::work);
        }
    }

    void startProducer(List<Task> batch) {
        producerThread.execute(() -> produce(batch));
    }

    /** The next result, or {@code null} if the deadline passes first. */
    Result nextResult(long deadlineNanos) throws InterruptedException {
        return results.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Stops the producer and the workers wherever they wait. */
    void cancel() {
        producerThread.shutdownNow();
        workerThreads.shutdownNow();
    }

    /** Cancels whatever still runs and waits until every thread of the pool has ended. */
    @Override
    public void close() {
        cancel();
        producerThread.close();
        workerThreads.close();
    }

    /** Waits until the workers have stopped (a failed task stops them), or the deadline passes. */
    void awaitWorkers(long deadlineNanos) throws InterruptedException {
        workerThreads.shutdown();
        workerThreads.awaitTermination(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void produce(List<Task> batch) {
        try {
            for (Task task : batch) {
                tasks.put(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tasks.close();
        }
    }

    private void work() {
        while (!failed.get() && !Thread.currentThread().isInterrupted()) {
            try {
                Task task = tasks.take();
                if (task == null) {
                    return;
                }
                Result result = task.process();
                if (!result.ok()) {
                    failed.set(true);
                }
                results.put(result);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
