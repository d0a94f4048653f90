package dev.threadprofiling.checkout;

/** The price of an order: rules that keep a CPU busy for about {@code workMs} (discounts, taxes, rounding). */
final class Pricing {

    private Pricing() {
    }

    static long compute(String sku, int items, int workMs) {
        long deadline = System.nanoTime() + workMs * 1_000_000L;
        long unitPrice = 1_000 + Math.floorMod(sku.hashCode(), 9_000);
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait(); // stands for the rules' arithmetic
        }
        return unitPrice * items;
    }
}
