package dev.threadprofiling.checkout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prices orders and remembers the last quote of each product. One instance serves every request. */
final class PriceList {

    private final Map<String, Long> lastQuotes = new ConcurrentHashMap<>(); // safe to share without a lock

    long quote(String sku, int items, int workMs) {
        long total = Pricing.compute(sku, items, workMs); // every thread computes at once
        lastQuotes.put(sku, total);
        return total;
    }
}
