package dev.threadprofiling.bank;

import java.util.LinkedHashMap;
import java.util.Map;

/** The accounts A, B, C and D, 1,000 each, and the transfers between them. One instance serves every request. */
final class Bank {

    static final String[] ACCOUNTS = {"A", "B", "C", "D"};
    static final long OPENING_BALANCE = 1_000;

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    Bank() {
        for (String id : ACCOUNTS) {
            accounts.put(id, new Account(id, OPENING_BALANCE));
        }
    }

    Account account(String id) {
        return accounts.get(id);
    }

    long balance(Account account) {
        synchronized (account) {
            return account.balance();
        }
    }

    /**
     * Moves {@code amount} from {@code from} to {@code to} with both accounts locked, so that no one
     * sees the money in neither account or in both. Between the two locks it writes the journal entry
     * of the debit, which takes {@code journalMs} (a pause stands in for the disk write). False when
     * {@code from} has too little.
     */
    boolean transfer(Account from, Account to, long amount, int journalMs) throws InterruptedException {
        synchronized (from) {
            Thread.sleep(journalMs); // writes the journal entry
            synchronized (to) {
                if (!from.withdraw(amount)) {
                    return false;
                }
                to.deposit(amount);
                return true;
            }
        }
    }
}
