package dev.threadprofiling.checkout;

import dev.threadprofiling.threadprof.javalin.QueryParams;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /order}: quotes a price, reserves stock and writes an audit entry, then answers a
 * JSON summary.
 *
 * <p>Query parameters: {@code sku} (1..50, default: one of 50 by order number), {@code items} (3),
 * {@code quoteMs} (1: the CPU time of one quote), {@code warehouseMs} (10: the warehouse's answer time).
 */
final class OrderHandler {

    private final PriceList prices;
    private final Inventory inventory;
    private final AuditLog audit;
    private final AtomicLong orders = new AtomicLong();

    OrderHandler(PriceList prices, Inventory inventory, AuditLog audit) {
        this.prices = prices;
        this.inventory = inventory;
        this.audit = audit;
    }

    void handle(Context ctx) throws InterruptedException {
        QueryParams params = QueryParams.of(ctx, "sku", "items", "quoteMs", "warehouseMs");
        long order = orders.incrementAndGet();
        int sku = params.intValue("sku", (int) (order % 50) + 1, 1, 50);
        int items = params.intValue("items", 3, 1, 100);
        int quoteMs = params.intValue("quoteMs", 1, 0, 1_000);
        int warehouseMs = params.intValue("warehouseMs", 10, 0, 10_000);
        long started = System.nanoTime();

        long total = prices.quote("sku-" + sku, items, quoteMs);
        boolean reserved = inventory.reserve("sku-" + sku, items, warehouseMs);
        audit.record("order " + order + ": " + items + " x sku-" + sku + " = " + total + (reserved ? "" : " (no stock)"));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order", order);
        body.put("sku", "sku-" + sku);
        body.put("items", items);
        body.put("total", total);
        body.put("reserved", reserved);
        body.put("elapsedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        ctx.json(body);
    }
}
