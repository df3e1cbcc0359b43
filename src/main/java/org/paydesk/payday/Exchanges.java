package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.paydesk.db.Database;
import org.paydesk.gateway.GatewayResult;
import org.paydesk.gateway.GatewayTimeoutException;
import org.paydesk.gateway.PaymentGateway;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;

/**
 * Gateway calls by intent, call, record (DESIGN §6): the exchange row with its idempotency key is
 * committed before the call; the outcome and its journal entry are recorded after. An intent left
 * by a crash is settled by asking the gateway about its key; only a key the gateway never received
 * is sent again, and with the same key, so nothing can happen twice.
 */
final class Exchanges {

    enum Kind { CHARGE, PAYOUT }

    enum Status { SUCCEEDED, FAILED, UNKNOWN }

    /**
     * One call to make. {@code amount} is what the gateway moves (the card charge, or the sum
     * credited to the bank) and {@code fee} the platform's part of it.
     */
    record Request(Kind kind, long participantId, String token, String key, BigDecimal amount, BigDecimal fee) {

        /** How the participant's committed balance moves when this succeeds. */
        BigDecimal balanceEffect() {
            return kind == Kind.CHARGE ? amount.subtract(fee) : amount.add(fee).negate();
        }
    }

    record Outcome(Request request, Status status, String reference, String message) {
    }

    private final Database database;
    private final PaymentGateway gateway;
    private final ExecutorService callers;
    private final Ledger ledger;
    private final long paydayId;
    private final PaydayHooks hooks;

    Exchanges(Database database, PaymentGateway gateway, ExecutorService callers, Ledger ledger, long paydayId,
              PaydayHooks hooks) {
        this.database = database;
        this.gateway = gateway;
        this.callers = callers;
        this.ledger = ledger;
        this.paydayId = paydayId;
        this.hooks = hooks;
    }

    static String key(long paydayId, Kind kind, long participantId) {
        return "payday-" + paydayId + "-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + participantId;
    }

    /** The status of exchanges already made under these keys (by an earlier run of this payday). */
    Map<String, String> existing(Connection c, List<String> keys) throws SQLException {
        Map<String, String> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement(
                "select idempotency_key, status from exchange where idempotency_key = any (?)")) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return found;
    }

    /** Intent, call and record for each request; returns the outcomes once all are recorded. */
    List<Outcome> run(List<Request> requests, PaydayCounters counters, ErrorLog errors, Phase phase) {
        if (requests.isEmpty()) {
            return List.of();
        }
        database.inTransaction(c -> {
            insertIntents(c, requests);
            return null;
        });
        hooks.reached(phase, "intents committed");
        List<Outcome> outcomes = callAll(requests, false);
        hooks.reached(phase, "gateway called");
        database.inTransaction(c -> {
            record(c, outcomes);
            return null;
        });
        count(outcomes, counters, errors, phase);
        return outcomes;
    }

    /** Settles exchanges an interrupted run left in intent (or unknown): asks, and sends only what never arrived. */
    List<Outcome> reconcileOpen(PaydayCounters counters, ErrorLog errors) {
        List<Request> open = database.read(c -> {
            List<Request> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select kind, participant_id, token, idempotency_key, amount, fee"
                    + " from exchange where payday_id = ? and status in ('INTENT', 'UNKNOWN') order by id")) {
                s.setLong(1, paydayId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Request(Kind.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
                                rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6)));
                    }
                }
            }
            return found;
        });
        List<Outcome> outcomes = callAll(open, true);
        database.inTransaction(c -> {
            record(c, outcomes);
            return null;
        });
        count(outcomes, counters, errors, Phase.START);
        return outcomes;
    }

    private void insertIntents(Connection c, List<Request> requests) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into exchange (kind, participant_id, payday_id, amount, fee,"
                + " token, idempotency_key) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (Request r : requests) {
                s.setString(1, r.kind().name());
                s.setLong(2, r.participantId());
                s.setLong(3, paydayId);
                s.setBigDecimal(4, r.amount());
                s.setBigDecimal(5, r.fee());
                s.setString(6, r.token());
                s.setString(7, r.key());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private List<Outcome> callAll(List<Request> requests, boolean askFirst) {
        List<Future<Outcome>> futures = new ArrayList<>(requests.size());
        for (Request r : requests) {
            futures.add(callers.submit(() -> call(r, askFirst)));
        }
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the gateway", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("gateway call failed", e.getCause());
            }
        }
        return outcomes;
    }

    /**
     * Sends {@code r}. With {@code askFirst} (an intent an earlier run left), a key the gateway
     * already has is answered from its record and never sent again.
     */
    private Outcome call(Request r, boolean askFirst) {
        try {
            Optional<GatewayResult> known = askFirst ? gateway.lookup(r.key()) : Optional.empty();
            GatewayResult result = known.orElseGet(() -> send(r));
            return outcome(r, result);
        } catch (GatewayTimeoutException e) {
            return settleAfterTimeout(r);
        } catch (RuntimeException e) {
            return new Outcome(r, Status.UNKNOWN, null, "gateway error: " + e.getMessage());
        }
    }

    private GatewayResult send(Request r) {
        return r.kind() == Kind.CHARGE ? gateway.charge(r.key(), r.token(), r.amount())
                : gateway.payout(r.key(), r.token(), r.amount());
    }

    private Outcome settleAfterTimeout(Request r) {
        try {
            return gateway.lookup(r.key()).map(result -> outcome(r, result))
                    .orElseGet(() -> new Outcome(r, Status.FAILED, null, "timed out; the gateway has no record of it"));
        } catch (RuntimeException e) {
            return new Outcome(r, Status.UNKNOWN, null, "timed out, and the gateway could not be asked: " + e.getMessage());
        }
    }

    private static Outcome outcome(Request r, GatewayResult result) {
        return new Outcome(r, result.succeeded() ? Status.SUCCEEDED : Status.FAILED, result.reference(), result.message());
    }

    /** Records outcomes on {@code c}: exchange status, the journal entries of successes, last results. */
    void record(Connection c, List<Outcome> outcomes) throws SQLException {
        List<Outcome> succeeded = outcomes.stream().filter(o -> o.status() == Status.SUCCEEDED).toList();
        List<JournalEntry> entries = new ArrayList<>(succeeded.size());
        for (Outcome o : succeeded) {
            entries.add(entryFor(o.request()));
        }
        long[] entryIds = ledger.postAll(c, entries);
        Map<String, Long> entryByKey = new HashMap<>();
        for (int i = 0; i < succeeded.size(); i++) {
            entryByKey.put(succeeded.get(i).request().key(), entryIds[i]);
        }
        try (PreparedStatement exchange = c.prepareStatement("update exchange set status = ?, gateway_ref = ?, error = ?,"
                + " entry_id = ?, updated_at = clock_timestamp() where idempotency_key = ? and status in ('INTENT', 'UNKNOWN')");
             PreparedStatement charge = c.prepareStatement("update participant set last_charge_result = ? where id = ?");
             PreparedStatement payout = c.prepareStatement("update participant set last_payout_result = ? where id = ?")) {
            for (Outcome o : outcomes) {
                exchange.setString(1, o.status().name());
                exchange.setString(2, o.reference());
                exchange.setString(3, o.status() == Status.SUCCEEDED ? null : o.message());
                exchange.setObject(4, entryByKey.get(o.request().key()));
                exchange.setString(5, o.request().key());
                exchange.addBatch();
                PreparedStatement result = o.request().kind() == Kind.CHARGE ? charge : payout;
                result.setString(1, describe(o));
                result.setLong(2, o.request().participantId());
                result.addBatch();
            }
            exchange.executeBatch();
            charge.executeBatch();
            payout.executeBatch();
        }
    }

    private JournalEntry entryFor(Request r) {
        long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
        long fees = ledger.systemAccount(AccountKind.PLATFORM_FEES);
        JournalEntry.Builder entry = JournalEntry.builder(r.kind() == Kind.CHARGE ? EntryKind.CHARGE : EntryKind.PAYOUT)
                .payday(paydayId).description(r.key());
        if (r.kind() == Kind.CHARGE) {
            entry.post(clearing, r.amount().negate()).post(r.participantId(), r.balanceEffect());
        } else {
            entry.post(r.participantId(), r.balanceEffect()).post(clearing, r.amount());
        }
        if (r.fee().signum() != 0) {
            entry.post(fees, r.fee());
        }
        return entry.build();
    }

    private static String describe(Outcome o) {
        return switch (o.status()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed: " + o.message();
            case UNKNOWN -> "unknown: " + o.message();
        };
    }

    private static void count(List<Outcome> outcomes, PaydayCounters counters, ErrorLog errors, Phase phase) {
        for (Outcome o : outcomes) {
            boolean charge = o.request().kind() == Kind.CHARGE;
            switch (o.status()) {
                case SUCCEEDED -> {
                    if (charge) {
                        counters.charged(o.request().amount());
                    } else {
                        counters.paidOut(o.request().amount());
                    }
                }
                case FAILED -> {
                    if (charge) {
                        counters.cardFailed();
                    } else {
                        counters.payoutFailed();
                    }
                }
                case UNKNOWN -> errors.record(phase, o.request().participantId(), null,
                        (charge ? "charge " : "payout ") + o.request().key() + " outcome unknown (" + o.message()
                                + "); it is settled with the gateway when the payday resumes");
            }
        }
    }
}
