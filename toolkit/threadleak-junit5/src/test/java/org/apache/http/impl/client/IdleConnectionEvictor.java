package org.apache.http.impl.client;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for Apache HttpClient 4.5's {@code IdleConnectionEvictor} in the preset fixtures: a
 * daemon thread named as 4.5's own {@code DefaultThreadFactory} names it, {@code Connection evictor}
 * (no number), that runs this class's loop.
 */
public final class IdleConnectionEvictor {

    public final Thread thread;

    public IdleConnectionEvictor(CountDownLatch release) {
        thread = new Thread(() -> evictUntil(release), "Connection evictor");
        thread.setDaemon(true);
        thread.start();
    }

    private static void evictUntil(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
