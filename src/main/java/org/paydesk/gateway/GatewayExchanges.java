package org.paydesk.gateway;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.SqlErrors;
import org.paydesk.db.Transactions;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.processor.ProcessorLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway calls by intent, call, record (DESIGN §6), one protocol for the payday's charges and
 * payouts and the refunds' card refunds and payouts: the exchange row with its idempotency key is
 * committed before the call; the outcome and its journal entry are recorded after, only by the
 * transaction that moves the exchange out of INTENT/UNKNOWN. An exchange left open by a crash is
 * settled by asking the gateway about its key; only a key the gateway never received is sent again,
 * and with the same key, so nothing can happen twice.
 *
 * <p>What differs between its users (the entry a success posts, writes of their own, where
 * failures are listed, crash points for tests) comes in as a {@link Recording}.
 */
public final class GatewayExchanges {

    private static final Logger log = LoggerFactory.getLogger(GatewayExchanges.class);

    private static final String OPEN = "status in ('INTENT', 'UNKNOWN')";

    public enum Status { SUCCEEDED, FAILED, UNKNOWN }

    /**
     * One call to make, for a payday ({@code paydayId}) or a refund ({@code refundId}). {@code amount}
     * is what the gateway moves (the card charge, the sum credited to the bank, the sum refunded to
     * the card) and {@code fee} the platform's part of it. {@code token} is the card or bank token,
     * or for a card refund the reference of the charge refunded.
     */
    public record Request(ExchangeKind kind, long participantId, String token, String key, BigDecimal amount,
                          BigDecimal fee, Long paydayId, Long refundId) {

        public static Request ofPayday(long paydayId, ExchangeKind kind, long participantId, String token, String key,
                                       BigDecimal amount, BigDecimal fee) {
            return new Request(kind, participantId, token, key, amount, fee, paydayId, null);
        }

        public static Request ofRefund(long refundId, ExchangeKind kind, long participantId, String token, String key,
                                       BigDecimal amount) {
            return new Request(kind, participantId, token, key, amount, BigDecimal.ZERO.setScale(2), null, refundId);
        }

        /** What is sent to the gateway. */
        PaymentGateway.Call call() {
            return new PaymentGateway.Call(kind, key, token, amount);
        }
    }

    public record Outcome(Request request, Status status, String reference, String message) {

        /** In words, as a participant's last result and in errors. */
        public String describe() {
            return switch (status) {
                case SUCCEEDED -> "succeeded";
                case FAILED -> "failed: " + message;
                case UNKNOWN -> "unknown: " + message;
            };
        }
    }

    /** What one user of the protocol adds to it. */
    public interface Recording {

        /**
         * The one journal entry that the successful exchanges of {@code kind} recorded together post
         * (a batch of a payday's charges is one CHARGE entry with a posting per participant).
         */
        JournalEntry entryFor(ExchangeKind kind, List<Request> succeeded);

        /** Whether outcomes set the participant's last charge and payout results. */
        default boolean setsLastResults() {
            return false;
        }

        /** More writes in the transaction that records {@code recorded} (only those it moved out of INTENT/UNKNOWN). */
        default void recorded(Connection c, List<Outcome> recorded) throws SQLException {
        }

        /** An outcome that could not be recorded: its exchange stays open, with {@code why} as its error. */
        void notRecorded(Outcome outcome, String why);

        /** A named point of the protocol ("intents committed", "gateway called") where a test may crash it. */
        default void reached(String point) {
        }
    }

    private final Transactions database;
    private final PaymentGateway gateway;
    private final Executor callers;
    private final Ledger ledger;

    /** Calls the gateway on {@code callers} (a pool to call concurrently, {@code Runnable::run} for one after the other). */
    public GatewayExchanges(Transactions database, PaymentGateway gateway, Executor callers, Ledger ledger) {
        this.database = database;
        this.gateway = gateway;
        this.callers = callers;
        this.ledger = ledger;
    }

    /**
     * Intent (committed in a transaction of its own), call and record for each request whose key has
     * no exchange yet; a key that has one (made by an earlier run) is left as it is. Returns the
     * outcomes recorded here. An outcome that cannot be recorded goes to {@link Recording#notRecorded}
     * and its exchange stays open, for the next reconciliation and for {@code check} to report.
     */
    public List<Outcome> exchange(List<Request> requests, Recording recording) {
        return recordAll(send(requests, recording), recording);
    }

    /**
     * The first half of {@link #exchange}: intent and call, for a caller that records the outcomes
     * later with {@link #recordAll} (the payday sends a batch's charges while it writes the batch
     * before). Until they are recorded the exchanges are open, as after a crash at that point.
     */
    public List<Outcome> send(List<Request> requests, Recording recording) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Request> fresh = database.inTransaction(c -> insertIntents(c, requests));
        if (fresh.isEmpty()) {
            return List.of();
        }
        recording.reached("intents committed");
        return call(fresh, recording);
    }

    /**
     * Writes the intents on {@code c}, to commit with the caller's own work, in one statement; returns
     * the requests written (a key that has an exchange already is not written again).
     */
    public List<Request> insertIntents(Connection c, List<Request> requests) throws SQLException {
        if (requests.isEmpty()) {
            return List.of();
        }
        Set<String> written = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("insert into exchange (kind, participant_id, payday_id, refund_id,"
                + " amount, fee, token, idempotency_key) select * from unnest(?::text[], ?::bigint[], ?::bigint[],"
                + " ?::bigint[], ?::numeric[], ?::numeric[], ?::text[], ?::text[])"
                + " on conflict (idempotency_key) do nothing returning idempotency_key")) {
            s.setArray(1, c.createArrayOf("text", requests.stream().map(r -> r.kind().name()).toArray()));
            s.setArray(2, c.createArrayOf("bigint", requests.stream().map(Request::participantId).toArray()));
            s.setArray(3, c.createArrayOf("bigint", requests.stream().map(Request::paydayId).toArray()));
            s.setArray(4, c.createArrayOf("bigint", requests.stream().map(Request::refundId).toArray()));
            s.setArray(5, c.createArrayOf("numeric", requests.stream().map(Request::amount).toArray()));
            s.setArray(6, c.createArrayOf("numeric", requests.stream().map(Request::fee).toArray()));
            s.setArray(7, c.createArrayOf("text", requests.stream().map(Request::token).toArray()));
            s.setArray(8, c.createArrayOf("text", requests.stream().map(Request::key).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getString(1));
                }
            }
        }
        return requests.stream().filter(r -> written.contains(r.key())).toList();
    }

    /** Call and record for requests whose intents are committed. */
    public List<Outcome> callAndRecord(List<Request> intents, Recording recording) {
        if (intents.isEmpty()) {
            return List.of();
        }
        return recordAll(call(intents, recording), recording);
    }

    /** Calls the gateway for requests whose intents are committed. */
    private List<Outcome> call(List<Request> intents, Recording recording) {
        List<Outcome> outcomes = callAll(intents, false);
        recording.reached("gateway called");
        return outcomes;
    }

    /** Settles the exchanges of payday {@code paydayId} that an interrupted run left open. */
    public List<Outcome> reconcilePayday(long paydayId, Recording recording) {
        return reconcile(open("payday_id = " + paydayId), recording);
    }

    /** Settles the exchanges of refunds that an interrupted run left open. */
    public List<Outcome> reconcileRefunds(Recording recording) {
        return reconcile(open("refund_id is not null"), recording);
    }

    /** Asks the gateway about each key first; sends only what it never received, with the same key. */
    private List<Outcome> reconcile(List<Request> open, Recording recording) {
        if (open.isEmpty()) {
            return List.of();
        }
        return recordAll(callAll(open, true), recording);
    }

    private List<Request> open(String owner) {
        return database.read(c -> {
            List<Request> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select kind, participant_id, token, idempotency_key, amount, fee,"
                    + " payday_id, refund_id from exchange where " + owner + " and " + OPEN + " order by id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Request(ExchangeKind.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), (Long) rs.getObject(7),
                            (Long) rs.getObject(8)));
                }
            }
            return found;
        });
    }

    /**
     * Records outcomes in one transaction; if that fails, each alone, so one bad record cannot stop
     * the rest. Returns those recorded here.
     */
    public List<Outcome> recordAll(List<Outcome> outcomes, Recording recording) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        try {
            return database.inTransaction(c -> record(c, outcomes, recording));
        } catch (ProcessorLostException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            List<Outcome> recorded = new ArrayList<>(outcomes.size());
            for (Outcome o : outcomes) {
                try {
                    recorded.addAll(database.inTransaction(c -> record(c, List.of(o), recording)));
                } catch (ProcessorLostException e) {
                    throw e;
                } catch (RuntimeException e) {
                    leaveOpen(o, e, recording);
                }
            }
            return recorded;
        }
    }

    private void leaveOpen(Outcome o, RuntimeException failure, Recording recording) {
        log.warn("The outcome of gateway exchange {} could not be recorded: {}", o.request().key(),
                DataAccessException.rootMessage(failure));
        String why = "could not record the outcome (" + o.describe() + ") of " + o.request().key() + ": "
                + SqlErrors.explain(failure).replaceFirst("\\.$", "");
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update exchange set error = ?, updated_at = clock_timestamp()"
                    + " where idempotency_key = ? and " + OPEN)) {
                s.setString(1, why);
                s.setString(2, o.request().key());
                s.executeUpdate();
            }
            return null;
        });
        recording.notRecorded(o, why);
    }

    /**
     * Calls the gateway for each request on {@code callers}: in batches of the gateway's
     * {@link PaymentGateway#callsPerBatch} (a task a batch), or with {@code askFirst} one by one, each
     * asked about before it is sent. Returns the outcomes in the order of the requests.
     */
    private List<Outcome> callAll(List<Request> requests, boolean askFirst) {
        int perBatch = askFirst ? 1 : Math.max(1, gateway.callsPerBatch());
        List<FutureTask<List<Outcome>>> calls = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += perBatch) {
            List<Request> batch = requests.subList(from, Math.min(requests.size(), from + perBatch));
            FutureTask<List<Outcome>> call = new FutureTask<>(() -> batch.size() == 1
                    ? List.of(call(batch.get(0), askFirst)) : callTogether(batch));
            callers.execute(call);
            calls.add(call);
        }
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (FutureTask<List<Outcome>> call : calls) {
            try {
                outcomes.addAll(call.get());
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
     * Sends {@code r}. With {@code askFirst} (an exchange an earlier run left open), a key the gateway
     * already has is answered from its record and never sent again.
     */
    private Outcome call(Request r, boolean askFirst) {
        try {
            Optional<GatewayResult> known = askFirst ? gateway.lookup(r.key()) : Optional.empty();
            if (known.isPresent()) {
                return outcome(r, known.get());
            }
        } catch (RuntimeException e) {
            return new Outcome(r, Status.UNKNOWN, null, "gateway error: " + e.getMessage());
        }
        return outcome(r, gateway.send(r.call()));
    }

    /**
     * Sends {@code batch} in one {@link PaymentGateway#sendAll}. If the batch fails as a whole, no
     * call of it is known to have been processed or not: each stays open (UNKNOWN) for reconciliation.
     */
    private List<Outcome> callTogether(List<Request> batch) {
        List<PaymentGateway.Answer> answers;
        try {
            answers = gateway.sendAll(batch.stream().map(Request::call).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("the gateway answered " + answers.size() + " of " + batch.size() + " calls");
            }
        } catch (RuntimeException e) {
            answers = Collections.nCopies(batch.size(), PaymentGateway.Answer.failed(e.getMessage()));
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(outcome(batch.get(i), answers.get(i)));
        }
        return outcomes;
    }

    private Outcome outcome(Request r, PaymentGateway.Answer answer) {
        if (answer.timedOut()) {
            return settleAfterTimeout(r);
        }
        if (answer.result() == null) {
            return new Outcome(r, Status.UNKNOWN, null, "gateway error: " + answer.error());
        }
        return outcome(r, answer.result());
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
     * Records outcomes on {@code c}: exchange status, the journal entries of successes, last results,
     * the recording's own writes. Only the exchanges this transaction moves out of INTENT/UNKNOWN are
     * recorded, so an outcome recorded already (by another run) is never posted twice; returns those
     * recorded here, in the order given.
     */
    public List<Outcome> record(Connection c, List<Outcome> outcomes, Recording recording) throws SQLException {
        // The exchanges still open, locked until this transaction ends: only these are recorded here.
        Set<String> openKeys = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select idempotency_key from exchange"
                + " where idempotency_key = any (?) and " + OPEN + " for update")) {
            s.setArray(1, c.createArrayOf("text", outcomes.stream().map(o -> o.request().key()).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    openKeys.add(rs.getString(1));
                }
            }
        }
        List<Outcome> moved = outcomes.stream().filter(o -> openKeys.remove(o.request().key())).toList();
        if (moved.isEmpty()) {
            return moved;
        }
        // One entry per kind for the batch's successes, then each exchange's outcome and entry in one
        // update (an exchange row written once, not once for its status and again for its entry).
        Map<ExchangeKind, List<Request>> byKind = new EnumMap<>(ExchangeKind.class);
        moved.stream().filter(o -> o.status() == Status.SUCCEEDED)
                .forEach(o -> byKind.computeIfAbsent(o.request().kind(), k -> new ArrayList<>()).add(o.request()));
        List<JournalEntry> entries = new ArrayList<>();
        byKind.forEach((kind, requests) -> entries.add(recording.entryFor(kind, requests)));
        long[] entryIds = ledger.postAll(c, entries);
        Map<ExchangeKind, Long> entryOfKind = new EnumMap<>(ExchangeKind.class);
        int i = 0;
        for (ExchangeKind kind : byKind.keySet()) {
            entryOfKind.put(kind, entryIds[i++]);
        }
        try (PreparedStatement s = c.prepareStatement("update exchange x set status = v.status, gateway_ref = v.ref,"
                + " error = v.error, entry_id = v.entry, updated_at = clock_timestamp()"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) as v(key, status, ref, error, entry)"
                + " where x.idempotency_key = v.key and x." + OPEN)) {
            s.setArray(1, c.createArrayOf("text", moved.stream().map(o -> o.request().key()).toArray()));
            s.setArray(2, c.createArrayOf("text", moved.stream().map(o -> o.status().name()).toArray()));
            s.setArray(3, c.createArrayOf("text", moved.stream().map(Outcome::reference).toArray()));
            s.setArray(4, c.createArrayOf("text", moved.stream()
                    .map(o -> o.status() == Status.SUCCEEDED ? null : o.message()).toArray()));
            s.setArray(5, c.createArrayOf("bigint", moved.stream()
                    .map(o -> o.status() == Status.SUCCEEDED ? entryOfKind.get(o.request().kind()) : null).toArray()));
            int updated = s.executeUpdate();
            if (updated != moved.size()) {
                throw new IllegalStateException("recorded " + updated + " of " + moved.size() + " locked open exchanges");
            }
        }
        if (recording.setsLastResults()) {
            setLastResults(c, "last_charge_result", moved, ExchangeKind.CHARGE);
            setLastResults(c, "last_payout_result", moved, ExchangeKind.PAYOUT);
        }
        recording.recorded(c, moved);
        return moved;
    }

    /**
     * Each participant's last charge and payout result from {@code outcomes}, in a transaction of its
     * own: for a caller that writes them as soon as the gateway has answered and records the
     * outcomes later with a {@link Recording} that does not set them.
     */
    public void writeLastResults(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            setLastResults(c, "last_charge_result", outcomes, ExchangeKind.CHARGE);
            setLastResults(c, "last_payout_result", outcomes, ExchangeKind.PAYOUT);
            return null;
        });
    }

    /** Each participant's last result of {@code kind} (one row each; a later outcome in the list wins). */
    private static void setLastResults(Connection c, String column, List<Outcome> outcomes, ExchangeKind kind)
            throws SQLException {
        Map<Long, String> results = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.request().kind() == kind)
                .forEach(o -> results.put(o.request().participantId(), o.describe()));
        if (results.isEmpty()) {
            return;
        }
        // A participant's result is mostly last week's again: such rows are left as they are, so a
        // payday rewrites (and leaves a dead version of) only the participants whose result changed.
        try (PreparedStatement s = c.prepareStatement("update participant p set " + column + " = v.result"
                + " from unnest(?::bigint[], ?::text[]) as v(id, result) where p.id = v.id"
                + " and p." + column + " is distinct from v.result")) {
            s.setArray(1, c.createArrayOf("bigint", results.keySet().toArray()));
            s.setArray(2, c.createArrayOf("text", results.values().toArray()));
            s.executeUpdate();
        }
    }
}
