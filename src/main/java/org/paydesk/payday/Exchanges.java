package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.SqlErrors;
import org.paydesk.db.Transactions;
import org.paydesk.gateway.GatewayResult;
import org.paydesk.gateway.GatewayTimeoutException;
import org.paydesk.gateway.PaymentGateway;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.processor.ProcessorLostException;

/**
 * Gateway calls by intent, call, record (DESIGN §6): the exchange row with its idempotency key is
 * committed before the call; the outcome and its journal entry are recorded after. An intent left
 * by a crash is settled by asking the gateway about its key; only a key the gateway never received
 * is sent again, and with the same key, so nothing can happen twice.
 */
final class Exchanges {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Exchanges.class);

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

    private final Transactions database;
    private final PaymentGateway gateway;
    private final ExecutorService callers;
    private final Ledger ledger;
    private final long paydayId;
    private final PaydayHooks hooks;

    Exchanges(Transactions database, PaymentGateway gateway, ExecutorService callers, Ledger ledger, long paydayId,
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

    /**
     * Intent, call and record for each request; returns the outcomes this run recorded. An outcome
     * that cannot be recorded goes to the error list and its exchange stays open, for the next
     * reconciliation and for {@code check} to report.
     */
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
        List<Outcome> recorded = recordAll(outcomes, errors, phase);
        count(recorded, counters, errors, phase);
        return recorded;
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
        List<Outcome> recorded = recordAll(callAll(open, true), errors, Phase.START);
        count(recorded, counters, errors, Phase.START);
        return recorded;
    }

    /** Records all outcomes in one transaction; if that fails, each alone, so one bad record cannot stop the rest. */
    private List<Outcome> recordAll(List<Outcome> outcomes, ErrorLog errors, Phase phase) {
        if (outcomes.isEmpty()) {
            return outcomes;
        }
        try {
            return database.inTransaction(c -> record(c, outcomes));
        } catch (ProcessorLostException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            List<Outcome> recorded = new ArrayList<>(outcomes.size());
            for (Outcome o : outcomes) {
                try {
                    recorded.addAll(database.inTransaction(c -> record(c, List.of(o))));
                } catch (ProcessorLostException e) {
                    throw e;
                } catch (RuntimeException e) {
                    leaveOpen(o, e, errors, phase);
                }
            }
            return recorded;
        }
    }

    private void leaveOpen(Outcome o, RuntimeException failure, ErrorLog errors, Phase phase) {
        log.warn("Payday: the outcome of {} could not be recorded: {}", o.request().key(),
                DataAccessException.rootMessage(failure));
        String why = "could not record the outcome (" + describe(o) + ") of " + o.request().key() + ": "
                + SqlErrors.explain(failure).replaceFirst("\\.$", "");
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update exchange set error = ?, updated_at = clock_timestamp()"
                    + " where idempotency_key = ? and status in ('INTENT', 'UNKNOWN')")) {
                s.setString(1, why);
                s.setString(2, o.request().key());
                s.executeUpdate();
            }
            return null;
        });
        errors.record(phase, o.request().participantId(), null, why + "; the exchange stays open until it is reconciled");
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

    /**
     * Records outcomes on {@code c}: exchange status, the journal entries of successes, last results.
     * Only the exchanges this transaction moves out of INTENT/UNKNOWN are recorded, so an outcome
     * recorded already (by another run) is never posted twice; returns those recorded here.
     */
    List<Outcome> record(Connection c, List<Outcome> outcomes) throws SQLException {
        Map<String, Outcome> byKey = new HashMap<>();
        outcomes.forEach(o -> byKey.put(o.request().key(), o));
        List<Outcome> moved = new ArrayList<>(outcomes.size());
        try (PreparedStatement s = c.prepareStatement("update exchange x set status = v.status, gateway_ref = v.ref,"
                + " error = v.error, updated_at = clock_timestamp()"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as v(key, status, ref, error)"
                + " where x.idempotency_key = v.key and x.status in ('INTENT', 'UNKNOWN') returning x.idempotency_key")) {
            s.setArray(1, c.createArrayOf("text", outcomes.stream().map(o -> o.request().key()).toArray()));
            s.setArray(2, c.createArrayOf("text", outcomes.stream().map(o -> o.status().name()).toArray()));
            s.setArray(3, c.createArrayOf("text", outcomes.stream().map(Outcome::reference).toArray()));
            s.setArray(4, c.createArrayOf("text", outcomes.stream()
                    .map(o -> o.status() == Status.SUCCEEDED ? null : o.message()).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    moved.add(byKey.get(rs.getString(1)));
                }
            }
        }
        List<Outcome> succeeded = moved.stream().filter(o -> o.status() == Status.SUCCEEDED).toList();
        List<JournalEntry> entries = new ArrayList<>(succeeded.size());
        for (Outcome o : succeeded) {
            entries.add(entryFor(o.request()));
        }
        long[] entryIds = ledger.postAll(c, entries);
        // Set-based, like the rest of a batch: one statement each, not one per exchange.
        try (PreparedStatement s = c.prepareStatement("update exchange x set entry_id = v.entry"
                + " from unnest(?::text[], ?::bigint[]) as v(key, entry) where x.idempotency_key = v.key")) {
            s.setArray(1, c.createArrayOf("text", succeeded.stream().map(o -> o.request().key()).toArray()));
            s.setArray(2, c.createArrayOf("bigint", Arrays.stream(entryIds).boxed().toArray()));
            s.executeUpdate();
        }
        setLastResults(c, "last_charge_result", moved, Kind.CHARGE);
        setLastResults(c, "last_payout_result", moved, Kind.PAYOUT);
        return moved;
    }

    /** Each participant's last result of {@code kind} (one row each; a later outcome in the list wins). */
    private static void setLastResults(Connection c, String column, List<Outcome> outcomes, Kind kind) throws SQLException {
        Map<Long, String> results = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.request().kind() == kind)
                .forEach(o -> results.put(o.request().participantId(), describe(o)));
        if (results.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("update participant p set " + column + " = v.result"
                + " from unnest(?::bigint[], ?::text[]) as v(id, result) where p.id = v.id")) {
            s.setArray(1, c.createArrayOf("bigint", results.keySet().toArray()));
            s.setArray(2, c.createArrayOf("text", results.values().toArray()));
            s.executeUpdate();
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
