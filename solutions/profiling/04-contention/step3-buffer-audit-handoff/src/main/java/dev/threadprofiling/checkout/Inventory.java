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
        boolean confirmed = warehouse.confirm(sku, items, warehouseMs); // no lock held while we wait for the network
        if (!confirmed) {
            return false;
        }
        lock.lock();
        try {
            reserved.merge(sku, items, Integer::sum);
            return true;
        } finally {
            lock.unlock();
        }
    }
}
