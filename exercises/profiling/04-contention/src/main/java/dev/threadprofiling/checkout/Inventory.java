package dev.threadprofiling.checkout;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Reserves stock: the warehouse confirms, then the reservation is counted here. */
final class Inventory {

    private final Warehouse warehouse;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> reserved = new HashMap<>();

    Inventory(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    boolean reserve(String sku, int items, int warehouseMs) throws InterruptedException {
        lock.lock();
        try {
            boolean confirmed = warehouse.confirm(sku, items, warehouseMs);
            if (confirmed) {
                reserved.merge(sku, items, Integer::sum);
            }
            return confirmed;
        } finally {
            lock.unlock();
        }
    }
}
