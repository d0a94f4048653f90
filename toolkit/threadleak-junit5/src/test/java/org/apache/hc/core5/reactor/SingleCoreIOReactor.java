package org.apache.hc.core5.reactor;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for httpcore5's I/O reactor under Apache HttpClient 5's async client
 * ({@code HttpAsyncClients.createDefault()}): the main thread from
 * {@code DefaultThreadFactory("httpclient-main", true)} and a dispatcher from
 * {@code DefaultThreadFactory("httpclient-dispatch", true)}, each running this package's code.
 */
public final class SingleCoreIOReactor {

    public SingleCoreIOReactor(CountDownLatch release) {
        for (String name : new String[] {"httpclient-main-1", "httpclient-dispatch-1"}) {
            Thread thread = new Thread(() -> execute(release), name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void execute(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
