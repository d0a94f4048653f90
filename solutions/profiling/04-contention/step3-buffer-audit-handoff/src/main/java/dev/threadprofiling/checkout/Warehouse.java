package dev.threadprofiling.checkout;

/** The warehouse service, called over the network: it answers after {@code latencyMs}. */
final class Warehouse {

    boolean confirm(String sku, int items, int latencyMs) throws InterruptedException {
        Thread.sleep(latencyMs);
        return items <= 100;
    }
}
