package dev.threadprofiling.bank;

import dev.threadprofiling.threadprof.javalin.BadParameterException;
import dev.threadprofiling.threadprof.javalin.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /transfer?from=A&to=B&amount=10}: moves money and answers a JSON summary ({@code 409}
 * when {@code from} has too little). {@code GET /balance?account=A}: one account's balance.
 *
 * <p>Accounts: A, B, C, D. {@code amount}: 1..1000. {@code journalMs} ({@value #JOURNAL_MS}): how long
 * the transfer's journal write takes.
 */
final class TransferHandler {

    static final int JOURNAL_MS = 200;

    private final Bank bank;

    TransferHandler(Bank bank) {
        this.bank = bank;
    }

    void transfer(Context ctx) throws InterruptedException {
        QueryParams params = QueryParams.of(ctx, "from", "to", "amount", "journalMs");
        Account from = account(params, "from");
        Account to = account(params, "to");
        if (from == to) {
            throw new BadParameterException("to", "from and to must be two different accounts, not " + to.id() + " twice");
        }
        int amount = params.intValue("amount", 0, 1, 1_000);
        if (amount == 0) {
            throw new BadParameterException("amount", "amount is required: 1 to 1000");
        }
        int journalMs = params.intValue("journalMs", JOURNAL_MS, 0, 5_000);
        long started = System.nanoTime();

        boolean done = bank.transfer(from, to, amount, journalMs);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.id());
        body.put("to", to.id());
        body.put("amount", amount);
        body.put("done", done);
        body.put("elapsedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        ctx.status(done ? HttpStatus.OK : HttpStatus.CONFLICT).json(body);
    }

    void balance(Context ctx) {
        Account account = account(QueryParams.of(ctx, "account"), "account");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account.id());
        body.put("balance", bank.balance(account));
        ctx.json(body);
    }

    private Account account(QueryParams params, String name) {
        String id = params.oneOf(name, Bank.ACCOUNTS);
        if (id == null) {
            throw new BadParameterException(name, name + " is required: " + String.join(", ", Bank.ACCOUNTS));
        }
        return bank.account(id);
    }
}
