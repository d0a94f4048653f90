package org.apache.hc.client5.http.impl;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for Apache HttpClient 5's {@code IdleConnectionEvictor} in the preset fixtures: its
 * default factory is httpcore5's {@code DefaultThreadFactory("idle-connection-evictor", true)},
 * which names threads prefix, "-", a count from 1.
 */
public final class IdleConnectionEvictor {

    public IdleConnectionEvictor(CountDownLatch release) {
        Thread thread = new Thread(() -> evictUntil(release), "idle-connection-evictor-1");
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
