package dev.threadprofiling.deadlockmatrix;

/**
 * What the deadlock exercise gets wrong, each with the check that shows it and the two verdicts
 * that check can give ({@code target/check-verdicts.tsv}).
 */
public enum Defect {

    /** Two transfers in opposite directions each hold one account and wait for the other's. */
    DEADLOCK("deadlock", "transfers A to B and B to A at once", "deadlocks", "no-deadlock"),
    /** A transfer waits for a busy account as long as the holder takes, with no bound of its own. */
    UNBOUNDED_WAIT("bounded-wait", "a transfer behind an account held for 2 s", "unbounded", "bounded");

    private final String check;
    private final String description;
    private final String present;
    private final String fixed;

    Defect(String check, String description, String present, String fixed) {
        this.check = check;
        this.description = description;
        this.present = present;
        this.fixed = fixed;
    }

    /** The check's name in the verdict file, e.g. {@code deadlock}. */
    public String check() {
        return check;
    }

    public String description() {
        return description;
    }

    /** The verdict while the defect is there, e.g. {@code deadlocks}. */
    public String present() {
        return present;
    }

    /** The verdict once it is fixed, e.g. {@code no-deadlock}. */
    public String fixed() {
        return fixed;
    }

    @Override
    public String toString() {
        return check + ": " + description;
    }
}
