package dev.threadprofiling.checkout;

import java.util.HashMap;
import java.util.Map;

/** Prices orders and remembers the last quote of each product. One instance serves every request. */
final class PriceList {

    private final Map<String, Long> lastQuotes = new HashMap<>();

    long quote(String sku, int items, int workMs) {
        synchronized (this) {
            long total = Pricing.compute(sku, items, workMs);
            lastQuotes.put(sku, total);
            return total;
        }
    }
}
