package io.javalin.jetty;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for Javalin's {@code JettyServer} in the preset fixtures: its constructor starts the
 * same unnamed start-up watcher ({@code Thread-N}, a lambda of this class that sleeps). The real
 * one sleeps 5 s; this one waits until released.
 */
public final class JettyServer {

    public final Thread watcher;

    public JettyServer(CountDownLatch release) {
        watcher = new Thread(() -> awaitQuietly(release));
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
