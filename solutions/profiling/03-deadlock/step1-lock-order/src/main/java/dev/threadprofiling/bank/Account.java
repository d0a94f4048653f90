package dev.threadprofiling.bank;

/** One account. Its monitor guards its balance: {@link Bank} holds it to read or change the balance. */
final class Account {

    private final String id;
    private long balance;

    Account(String id, long balance) {
        this.id = id;
        this.balance = balance;
    }

    String id() {
        return id;
    }

    long balance() {
        return balance;
    }

    /** False, and nothing taken, when the balance is less than {@code amount}. */
    boolean withdraw(long amount) {
        if (balance < amount) {
            return false;
        }
        balance -= amount;
        return true;
    }

    void deposit(long amount) {
        balance += amount;
    }
}
