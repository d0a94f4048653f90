package dev.threadprofiling.virtualpool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's worker pool on virtual threads: a producer hands the batch to workers through a
 * queue, and the workers hand their results back. A failed task stops the workers.
 */
final class WorkerPool {

    static final int QUEUE_CAPACITY = 10;

    private final long request;
    private final TaskQueue<Task> tasks = new TaskQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<Result> results;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Thread.Builder workerThreads;
    private final Thread.Builder producerThread;

    WorkerPool(long request, int workers) {
        this.request = request;
        this.results = new ArrayBlockingQueue<>(workers);
        this.workerThreads = Thread.ofVirtual().name("worker-" + request + "-", 1);
        this.producerThread = Thread.ofVirtual().name("producer-" + request);
    }

    void startWorkers(int count) {
        for (int n = 1; n <= count; n++) {
            Thread worker = workerThreads.start(this::work);
            threads.add(worker);
            workers.add(worker);
        }
    }

    void startProducer(List<Task> batch) {
        threads.add(producerThread.start(() -> produce(batch)));
    }

    /** The next result, or {@code null} if the deadline passes first. */
    Result nextResult(long deadlineNanos) throws InterruptedException {
        return results.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Stops the producer and the workers wherever they wait. */
    void cancel() {
        threads.forEach(Thread::interrupt);
    }

    /** Cancels whatever still runs and waits until every thread of the pool has ended. */
    void shutdown() throws InterruptedException {
        cancel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 5 s of cancellation");
            }
        }
    }

    /** Waits until the workers have stopped (a failed task stops them), or the deadline passes. */
    void awaitWorkers(long deadlineNanos) throws InterruptedException {
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
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
