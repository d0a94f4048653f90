package dev.threadprofiling.leakmatrix;

/**
 * The chapter's three leaks, each with the request that triggers it and the threads it leaves
 * behind per request when it is present.
 */
public enum Leak {

    QUEUE_NEVER_CLOSED(1, "the work queue is never closed",
            "/process?failEvery=0", 15, 0),
    CANCELLATION_NOT_PROPAGATED(2, "cancellation is not propagated",
            "/process?taskMs=100&deadlineMs=50&failEvery=0", 15, 1),
    ERROR_PATH_LEAVES_PRODUCER(3, "the error path leaves the producer blocked",
            "/process?failEvery=1", 0, 1);

    private final int number;
    private final String description;
    private final String request;
    private final int workersLeft;
    private final int producersLeft;

    Leak(int number, String description, String request, int workersLeft, int producersLeft) {
        this.number = number;
        this.description = description;
        this.request = request;
        this.workersLeft = workersLeft;
        this.producersLeft = producersLeft;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** Path and query that take this leak's path through the handler. */
    public String request() {
        return request;
    }

    /** Workers one such request leaves behind while the leak is present. */
    public int workersLeft() {
        return workersLeft;
    }

    /** Producers one such request leaves behind while the leak is present. */
    public int producersLeft() {
        return producersLeft;
    }

    public int threadsLeft() {
        return workersLeft + producersLeft;
    }

    @Override
    public String toString() {
        return "leak " + number + ": " + description;
    }
}
