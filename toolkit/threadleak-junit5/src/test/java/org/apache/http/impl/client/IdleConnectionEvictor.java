package org.apache.http.impl.client;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for Apache HttpClient 4's {@code IdleConnectionEvictor} in the preset fixtures: a
 * daemon thread named {@code Connection evictor-N} that runs this class's loop.
 */
public final class IdleConnectionEvictor {

    public final Thread thread;

    public IdleConnectionEvictor(int n, CountDownLatch release) {
        thread = new Thread(() -> evictUntil(release), "Connection evictor-" + n);
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
