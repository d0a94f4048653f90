package dev.threadprofiling.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The audit trail: requests hand their entries to one writer thread, which writes whatever has
 * arrived as one batch and then syncs the file ({@value #SYNC_MS} ms).
 */
final class AuditLog implements AutoCloseable {

    static final int SYNC_MS = 20;

    private final BlockingQueue<String> entries = new SynchronousQueue<>();
    private final Thread writer = new Thread(this::writeBatches, "audit-writer");

    AuditLog() {
        writer.setDaemon(true);
        writer.start();
    }

    void record(String entry) throws InterruptedException {
        entries.put(entry);
    }

    private void writeBatches() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(entries.take());
                entries.drainTo(batch);
                Thread.sleep(SYNC_MS); // write the batch and sync the file
                batch.clear();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
