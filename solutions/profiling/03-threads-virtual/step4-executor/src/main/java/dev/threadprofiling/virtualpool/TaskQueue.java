package dev.threadprofiling.virtualpool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue that can be closed, like a Go channel: {@link #take()} returns {@code null} once
 * the queue is closed and drained, so {@code while ((task = queue.take()) != null)} ends.
 */
final class TaskQueue<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Deque<T> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    TaskQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Waits for room, then adds {@code item}. */
    void put(T item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.size() == capacity) {
                notFull.await();
            }
            if (closed) {
                throw new IllegalStateException("put on a closed queue");
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for an item; {@code null} once the queue is closed and empty. */
    T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !closed) {
                notEmpty.await();
            }
            T item = items.pollFirst();
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** No more items will come: wakes every waiting {@link #take()}. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
