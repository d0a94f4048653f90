package dev.threadprofiling.virtualpool;

/**
 * One unit of work: it takes {@code workMillis} (a stand-in for I/O); a bad record fails at once.
 *
 * @param number     1-based position in its batch
 * @param workMillis how long processing takes
 * @param bad        whether this record is invalid
 */
record Task(int number, int workMillis, boolean bad) {

    Result process() {
        if (bad) {
            return Result.failure(number, "task " + number + " holds an invalid record");
        }
        try {
            Thread.sleep(workMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failure(number, "task " + number + " was cancelled");
        }
        return Result.success(number);
    }
}
