package dev.threadprofiling.contentionmatrix;

import dev.threadprofiling.threadprof.model.ContentionKind;

/**
 * Chapter 4's three contention points: the request that makes each one the only wait, the profile
 * that shows it, and the code where threads wait while it is present.
 */
public enum Contention {

    WAREHOUSE_CALL_UNDER_LOCK(1, "the inventory lock is held across the warehouse call",
            "/order?quoteMs=0&warehouseMs=25", 3, ContentionKind.MUTEX, "Inventory", "reserve", "lock.lock();"),
    QUOTE_UNDER_LOCK(2, "the price list's lock is held while the price is computed",
            "/order?quoteMs=25&warehouseMs=0", 3, ContentionKind.MUTEX, "PriceList", "quote", "synchronized (this) {"),
    UNBUFFERED_AUDIT_HANDOFF(3, "the audit entries are handed off unbuffered to the one writer",
            "/order?quoteMs=0&warehouseMs=0", 10, ContentionKind.BLOCK, "AuditLog", "record", "entries.put(entry);");

    private final int number;
    private final String description;
    private final String request;
    private final int rounds;
    private final ContentionKind profile;
    private final String className;
    private final String method;
    private final String code;

    Contention(int number, String description, String request, int rounds, ContentionKind profile, String className,
            String method, String code) {
        this.number = number;
        this.description = description;
        this.request = request;
        this.rounds = rounds;
        this.profile = profile;
        this.className = className;
        this.method = method;
        this.code = code;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** Path and query under which this point is the only place requests wait. */
    public String request() {
        return request;
    }

    /**
     * How many of {@link #request()} each client of a burst sends, one after the other. A lock held
     * across 25 ms queues every client behind the others, so each wait passes the profile's 10 ms
     * threshold: 3 rounds show 15 to 17 waits. The audit writer takes every entry waiting at once,
     * then syncs for 20 ms, so a handoff waits 0 to 20 ms and only about half the waits pass the
     * threshold: 10 rounds.
     */
    public int rounds() {
        return rounds;
    }

    /** The profile that shows it: {@code /debug/block} or {@code /debug/mutex}. */
    public ContentionKind profile() {
        return profile;
    }

    /** Simple name of the class whose method waits. */
    public String className() {
        return className;
    }

    public String method() {
        return method;
    }

    /**
     * The code of the line where threads wait while the point is present (a contended
     * {@code synchronized} shows at its block's first line); a fix may remove it.
     */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "contention " + number + ": " + description;
    }
}
