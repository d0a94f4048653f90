package dev.threadprofiling.bank;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The accounts A, B, C and D, 1,000 each, and the transfers between them. One instance serves every request. */
final class Bank {

    static final String[] ACCOUNTS = {"A", "B", "C", "D"};
    static final long OPENING_BALANCE = 1_000;
    /** How long a request waits for a busy account before it gives up (and answers 503). */
    static final long LOCK_TIMEOUT_MS = 1_000;

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    Bank() {
        for (String id : ACCOUNTS) {
            accounts.put(id, new Account(id, OPENING_BALANCE));
        }
    }

    Account account(String id) {
        return accounts.get(id);
    }

    long balance(Account account) throws InterruptedException {
        lockWithin(account);
        try {
            return account.balance();
        } finally {
            account.lock.unlock();
        }
    }

    /**
     * Moves {@code amount} from {@code from} to {@code to} with both accounts locked, so that no one
     * sees the money in neither account or in both. Between the two locks it writes the journal entry
     * of the debit, which takes {@code journalMs} (a pause stands in for the disk write). False when
     * {@code from} has too little.
     */
    boolean transfer(Account from, Account to, long amount, int journalMs) throws InterruptedException {
        // One global order, by account id: every transfer locks A before B, so no two can wait for each other.
        Account first = from.id().compareTo(to.id()) < 0 ? from : to;
        Account second = first == from ? to : from;
        lockWithin(first);
        try {
            Thread.sleep(journalMs); // writes the journal entry
            lockWithin(second);
            try {
                if (!from.withdraw(amount)) {
                    return false;
                }
                to.deposit(amount);
                return true;
            } finally {
                second.lock.unlock();
            }
        } finally {
            first.lock.unlock();
        }
    }

    /** Locks {@code account}, or throws {@link AccountBusyException} after {@value #LOCK_TIMEOUT_MS} ms. */
    private static void lockWithin(Account account) throws InterruptedException {
        if (!account.lock.tryLock(LOCK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            throw new AccountBusyException("account " + account.id() + " is busy (waited " + LOCK_TIMEOUT_MS
                    + " ms); try again");
        }
    }

    /** A request gave up waiting for an account: answered 503, nothing changed. */
    static final class AccountBusyException extends RuntimeException {
        AccountBusyException(String message) {
            super(message);
        }
    }
}
