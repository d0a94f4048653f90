package dev.threadprofiling.virtualpool;

/** What a worker reports for one task. */
record Result(int task, String error) {

    static Result success(int task) {
        return new Result(task, null);
    }

    static Result failure(int task, String error) {
        return new Result(task, error);
    }

    boolean ok() {
        return error == null;
    }
}
