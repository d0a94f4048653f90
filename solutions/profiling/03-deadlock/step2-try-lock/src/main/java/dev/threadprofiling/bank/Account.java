package dev.threadprofiling.bank;

import java.util.concurrent.locks.ReentrantLock;

/** One account. Its lock guards its balance: {@link Bank} holds it to read or change the balance. */
final class Account {

    final ReentrantLock lock = new ReentrantLock(); // a wait for it can have a bound (tryLock); a monitor's cannot
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
