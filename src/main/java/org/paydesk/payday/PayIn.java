package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.SqlErrors;
import org.paydesk.gateway.ExchangeKind;
import org.paydesk.gateway.GatewayExchanges;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.processor.ProcessorLostException;

/**
 * Pay-in (DESIGN §6.3): tippers in the snapshot's order (oldest claimed first), a batch at a time.
 * For each tipper the obligations are the open owed amounts (oldest first) and then the tips due;
 * a shortfall is charged to a WHITELISTED tipper's card; then each obligation is transferred in
 * full to the tippee's pending amount if the balance covers it, else recorded as owed.
 *
 * <p>A tipper's outcome depends only on their own balance, because what they receive goes to
 * pending; so a whole batch is decided in memory and written with a few set-based statements in
 * one transaction, together with the cursor. If that transaction fails, each tipper of the batch
 * is retried alone and the ones that still fail go to the error list.
 */
final class PayIn {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PayIn.class);

    private record Tipper(long seq, long id, BigDecimal committed, boolean whitelisted, String card) {
    }

    private record TipperPlan(Tipper tipper, List<Obligation> obligations) {
        BigDecimal total() {
            return obligations.stream().map(Obligation::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** An owed amount this pay-in may pay (of {@code owed_item o}; the parameter is this payday's id). */
    private static final String EARLIER_OPEN_OWED = "o.status = 'OPEN' and o.created_payday_id <> ?";

    private final PhaseContext run;
    /**
     * Whether any owed amount of an earlier payday is open, asked once when pay-in starts or resumes:
     * only those are paid in a payday, and only paydays create owed amounts, so when none is open
     * none will be during this pay-in. In a first payday there is none, and each batch's search for
     * them (27 ms per 2,000 tippers at 1,000,000 participants) is skipped.
     */
    private volatile boolean earlierOwedAmounts = true;

    PayIn(PhaseContext run) {
        this.run = run;
    }


    /**
     * A batch loaded and its charges sent (intents committed, gateway called), not yet recorded:
     * until its outcomes are recorded its exchanges are open, as after a crash at that point.
     */
    private record Sent(List<TipperPlan> batch, List<GatewayExchanges.Outcome> charges, long cardsMissing) {

        long lastSeq() {
            return batch.get(batch.size() - 1).tipper().seq();
        }
    }

    /**
     * Pays in from the tipper after {@code cursor} in the snapshot's order to the last.
     *
     * <p>Two steps overlap: while a batch's charges are recorded and its transfers written, the next
     * batch is loaded and its charges sent, on a second thread and connection. They cannot meet: a
     * batch's tippers are in no other batch, what a batch writes changes no other batch's tippers'
     * balances or owed amounts (money received goes to pending), and sending writes only new
     * exchange rows. Records and writes stay in order on this thread, so the cursor moves as before.
     * A run that stops, for any reason, first waits for the step in flight; what it sent and did
     * not record is reconciled by the next run, as after a crash.
     */
    void run(long cursor) {
        long total = run.tx().read(c -> countRows(c, "select count(*) from payday_tipper where payday_id = ?"));
        long done = run.tx().read(c -> countRows(c, "select count(*) from payday_tipper where payday_id = ? and (seq <= " + cursor + " or done)"));
        run.progress().start(Phase.PAYIN, total, done);
        earlierOwedAmounts = run.tx().read(c -> countRows(c, "select count(*) from (select 1 from owed_item o"
                + " where " + EARLIER_OPEN_OWED + " limit 1) o")) > 0;
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "payday-" + run.paydayId() + "-payin-ahead");
            t.setDaemon(true);
            return t;
        });
        Future<Sent> next = ahead.submit(() -> loadAndSend(cursor));
        try {
            while (true) {
                Sent sent = await(next);
                next = null;
                if (sent.batch().isEmpty()) {
                    return;
                }
                next = ahead.submit(() -> loadAndSend(sent.lastSeq()));
                process(sent);
                run.progress().moreDone(sent.batch().size());
                if (run.cancelled().getAsBoolean()) {
                    // Stopped on request: the charges already sent are recorded, so none is left open.
                    Sent inFlight = await(next);
                    next = null;
                    run.exchanges().recordSent(inFlight.charges(), run.counters(), run.errors(), Phase.PAYIN);
                    throw new PaydayCancelledException(run.paydayId(), Phase.PAYIN);
                }
            }
        } finally {
            if (next != null) {
                awaitQuietly(next);
            }
            ahead.shutdown();
        }
    }

    private Sent loadAndSend(long afterSeq) {
        List<TipperPlan> batch = run.tx().inTransaction(c -> loadBatch(c, afterSeq));
        if (batch.isEmpty()) {
            return new Sent(batch, List.of(), 0);
        }
        List<GatewayExchanges.Request> requests = new ArrayList<>();
        long cardsMissing = 0;
        for (TipperPlan plan : batch) {
            Tipper t = plan.tipper();
            PayInRules.Charge charge = PayInRules.charge(t.committed(), plan.total(), t.whitelisted(), t.card() != null,
                    run.fees());
            if (charge.noCard()) {
                cardsMissing++;
            } else if (charge.quote() != null) {
                requests.add(run.exchanges().request(ExchangeKind.CHARGE, t.id(), t.card(), charge.quote().charge(),
                        charge.quote().fee()));
            }
        }
        Sent sent = new Sent(batch, run.exchanges().send(requests, run.errors(), Phase.PAYIN), cardsMissing);
        run.hooks().reached(Phase.PAYIN, "batch sent");
        return sent;
    }

    private static Sent await(Future<Sent> step) {
        return Steps.await(step, "the next pay-in batch was prepared");
    }

    /** Waits for a step whose result no longer matters, so nothing of this run goes on after it stops. */
    private static void awaitQuietly(Future<Sent> step) {
        try {
            step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // The run is already stopping for another reason, which is the one reported.
        }
    }

    private void process(Sent sent) {
        List<TipperPlan> batch = sent.batch();
        Map<Long, BigDecimal> balances = new HashMap<>();
        batch.forEach(p -> balances.put(p.tipper().id(), p.tipper().committed()));
        // An earlier run of this payday may have charged already: its outcome stands and is in the balance.
        for (GatewayExchanges.Outcome o : run.exchanges().recordSent(sent.charges(), run.counters(), run.errors(), Phase.PAYIN)) {
            if (o.status() == GatewayExchanges.Status.SUCCEEDED) {
                balances.merge(o.request().participantId(), Exchanges.balanceEffect(o.request()), BigDecimal::add);
            }
        }
        long cardsMissing = sent.cardsMissing();
        run.hooks().reached(Phase.PAYIN, "charges recorded");
        long lastSeq = sent.lastSeq();
        try {
            countCommitted(run.tx().inTransaction(c -> {
                Written written = write(c, batch, balances);
                run.hooks().reached(Phase.PAYIN, "batch written");
                saveCursor(c, lastSeq, cardsMissing);
                return written;
            }));
        } catch (ProcessorLostException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            isolate(batch, balances);
            run.tx().inTransaction(c -> {
                saveCursor(c, lastSeq, cardsMissing);
                return null;
            });
        }
        run.counters().cardsMissing(cardsMissing);
    }

    /** Retries each tipper of a failed batch alone; the ones that fail again go to the error list. */
    private void isolate(List<TipperPlan> batch, Map<Long, BigDecimal> balances) {
        for (TipperPlan plan : batch) {
            try {
                countCommitted(run.tx().inTransaction(c -> {
                    Written written = write(c, List.of(plan), balances);
                    markDone(c, plan.tipper().seq());
                    return written;
                }));
            } catch (ProcessorLostException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("Payday {}: pay-in of participant {} failed: {}", run.paydayId(), plan.tipper().id(),
                        DataAccessException.rootMessage(e));
                run.errors().record(Phase.PAYIN, plan.tipper().id(), null, "pay-in failed: " + SqlErrors.explain(e));
            }
        }
    }

    private void markDone(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update payday_tipper set done = true where payday_id = ? and seq = ?")) {
            s.setLong(1, run.paydayId());
            s.setLong(2, seq);
            s.executeUpdate();
        }
    }

    /** What a committed write did, counted only once it is committed. */
    private record Written(long transfers, BigDecimal volume, long owedCreated) {
    }

    private void countCommitted(Written written) {
        run.counters().transferred(written.transfers(), written.volume());
        run.counters().owedCreated(written.owedCreated());
    }

    /**
     * Decides each tipper's transfers and owed amounts and writes them all: one TIP_TRANSFER entry
     * for the batch (a posting per tipper, one to pending transfers) and a transfer row per tip.
     */
    private Written write(Connection c, List<TipperPlan> plans, Map<Long, BigDecimal> balances) throws SQLException {
        JournalEntry.Builder entry = JournalEntry.builder(EntryKind.TIP_TRANSFER).payday(run.paydayId()).description("tips");
        List<Obligation> moved = new ArrayList<>();
        List<Obligation> owedNew = new ArrayList<>();
        List<Long> owedPaid = new ArrayList<>();
        Map<Long, BigDecimal> pendingIn = new HashMap<>();
        Map<Long, BigDecimal> owedChange = new HashMap<>();
        BigDecimal volume = BigDecimal.ZERO;
        for (TipperPlan plan : plans) {
            long tipper = plan.tipper().id();
            PayInRules.Transfers decided = PayInRules.transfer(balances.get(tipper), plan.obligations());
            for (Obligation o : decided.moved()) {
                moved.add(o);
                pendingIn.merge(o.tippeeId(), o.amount(), BigDecimal::add);
                if (o.owedItemId() != null) {
                    owedPaid.add(o.owedItemId());
                    owedChange.merge(tipper, o.amount().negate(), BigDecimal::add);
                }
            }
            for (Obligation o : decided.owedNew()) {
                owedNew.add(o);
                owedChange.merge(tipper, o.amount(), BigDecimal::add);
            }
            if (decided.movedAmount().signum() > 0) {
                entry.post(tipper, decided.movedAmount().negate());
                volume = volume.add(decided.movedAmount());
            }
        }
        if (!moved.isEmpty()) {
            entry.post(run.ledger().systemAccount(AccountKind.PENDING_TRANSFERS), volume);
            long entryId = run.ledger().postAll(c, List.of(entry.build()))[0];
            insertTransfers(c, moved, entryId);
        }
        closePaidOwed(c, owedPaid);
        insertOwed(c, owedNew);
        addToPendingAndOwed(c, pendingIn, owedChange);
        return new Written(moved.size(), volume, owedNew.size());
    }

    private void insertTransfers(Connection c, List<Obligation> moved, long entryId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into transfer (payday_id, entry_id, tip_id, owed_item_id,"
                + " tipper_id, tippee_id, amount) select ?, ?, * from unnest(?::bigint[], ?::bigint[], ?::bigint[],"
                + " ?::bigint[], ?::numeric[])")) {
            s.setLong(1, run.paydayId());
            s.setLong(2, entryId);
            s.setArray(3, c.createArrayOf("bigint", moved.stream().map(Obligation::tipId).toArray()));
            s.setArray(4, c.createArrayOf("bigint", moved.stream().map(Obligation::owedItemId).toArray()));
            s.setArray(5, c.createArrayOf("bigint", moved.stream().map(Obligation::tipperId).toArray()));
            s.setArray(6, c.createArrayOf("bigint", moved.stream().map(Obligation::tippeeId).toArray()));
            s.setArray(7, c.createArrayOf("numeric", moved.stream().map(Obligation::amount).toArray()));
            s.executeUpdate();
        }
    }

    private void closePaidOwed(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("update owed_item set status = 'PAID', closed_payday_id = ?,"
                + " closed_at = clock_timestamp() where id = any (?) and status = 'OPEN'")) {
            s.setLong(1, run.paydayId());
            s.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            int closed = s.executeUpdate();
            if (closed != ids.size()) {
                throw new IllegalStateException("owed items changed under the payday: closed " + closed + " of " + ids.size());
            }
        }
    }

    private void insertOwed(Connection c, List<Obligation> owed) throws SQLException {
        if (owed.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into owed_item (tip_id, tipper_id, tippee_id, amount,"
                + " created_payday_id, created_at) select t, er, ee, a, ?, ? from unnest(?::bigint[], ?::bigint[],"
                + " ?::bigint[], ?::numeric[]) as o(t, er, ee, a)")) {
            s.setLong(1, run.paydayId());
            s.setTimestamp(2, Timestamp.from(run.tsStart()));
            s.setArray(3, c.createArrayOf("bigint", owed.stream().map(Obligation::tipId).toArray()));
            s.setArray(4, c.createArrayOf("bigint", owed.stream().map(Obligation::tipperId).toArray()));
            s.setArray(5, c.createArrayOf("bigint", owed.stream().map(Obligation::tippeeId).toArray()));
            s.setArray(6, c.createArrayOf("numeric", owed.stream().map(Obligation::amount).toArray()));
            s.executeUpdate();
        }
    }

    /**
     * Adds to the accounts' cached pending and owed amounts in one statement: a row per account, so an
     * account is written once per batch (and noted once for the checkpoint) even when both change.
     */
    private static void addToPendingAndOwed(Connection c, Map<Long, BigDecimal> pending, Map<Long, BigDecimal> owed)
            throws SQLException {
        pending.values().removeIf(v -> v.signum() == 0);
        owed.values().removeIf(v -> v.signum() == 0);
        List<Long> ids = new ArrayList<>(pending.keySet());
        owed.keySet().stream().filter(id -> !pending.containsKey(id)).forEach(ids::add);
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("update account a set pending = a.pending + v.pending,"
                + " owed = a.owed + v.owed from unnest(?::bigint[], ?::numeric[], ?::numeric[]) as v(id, pending, owed)"
                + " where a.id = v.id")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            s.setArray(2, c.createArrayOf("numeric",
                    ids.stream().map(id -> pending.getOrDefault(id, BigDecimal.ZERO)).toArray()));
            s.setArray(3, c.createArrayOf("numeric",
                    ids.stream().map(id -> owed.getOrDefault(id, BigDecimal.ZERO)).toArray()));
            s.executeUpdate();
        }
    }

    private void saveCursor(Connection c, long seq, long cardsMissing) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update payday set cursor = ?, stats = stats"
                + " || jsonb_build_object('cards_missing', coalesce((stats ->> 'cards_missing')::bigint, 0) + ?)"
                + " where id = ?")) {
            s.setLong(1, seq);
            s.setLong(2, cardsMissing);
            s.setLong(3, run.paydayId());
            s.executeUpdate();
        }
    }

    /**
     * The next batch's tippers with their obligations, in a transaction of its own that asks for no
     * parallel workers: a batch reads a few thousand rows by key, and the planner, seeing the open
     * range of seq, chose two workers per batch, which cost more to start than they saved and took
     * the processors from the run's own two threads (at 1,000,000 participants, on an idle machine,
     * 77-112 ms per batch with them, 35-40 ms without). The transaction is a fenced one, so each
     * batch's read also proves the run still holds the processor.
     */
    private List<TipperPlan> loadBatch(Connection c, long afterSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("set local max_parallel_workers_per_gather = 0")) {
            s.execute();
        }
        Map<Long, TipperPlan> plans = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select pt.seq, p.id, a.committed, p.review = 'WHITELISTED', p.card_token"
                + " from payday_tipper pt join participant p on p.id = pt.tipper_id join account a on a.id = p.id"
                + " where pt.payday_id = ? and pt.seq > ? and not pt.done order by pt.seq limit ?")) {
            s.setLong(1, run.paydayId());
            s.setLong(2, afterSeq);
            s.setInt(3, run.batchSize());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Tipper t = new Tipper(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBoolean(4), rs.getString(5));
                    plans.put(t.id(), new TipperPlan(t, new ArrayList<>()));
                }
            }
        }
        if (plans.isEmpty()) {
            return List.of();
        }
        Object[] ids = plans.keySet().toArray();
        // Owed amounts first, oldest first; only to tippees who could still receive a tip.
        if (earlierOwedAmounts) {
            try (PreparedStatement s = c.prepareStatement("select o.tip_id, o.id, o.tipper_id, o.tippee_id, o.amount"
                    + " from owed_item o join participant ee on ee.id = o.tippee_id"
                    + " where o.tipper_id = any (?) and " + EARLIER_OPEN_OWED
                    + " and payday_member(ee.claimed_at, ee.review, 'infinity') order by o.created_at, o.id")) {
                s.setArray(1, c.createArrayOf("bigint", ids));
                s.setLong(2, run.paydayId());
                addObligations(s, plans);
            }
        }
        // Then the tips due, in the order they were created. Tippers already done are not in the
        // batch: the cursor passed them, or they were marked done with their own writes.
        try (PreparedStatement s = c.prepareStatement("select d.tip_id, null::bigint, d.tipper_id, d.tippee_id, d.amount"
                + " from payday_due_tip d where d.payday_id = ? and d.tipper_id = any (?)"
                + " order by d.tip_created_at, d.tip_id")) {
            s.setLong(1, run.paydayId());
            s.setArray(2, c.createArrayOf("bigint", ids));
            addObligations(s, plans);
        }
        return new ArrayList<>(plans.values());
    }

    private static void addObligations(PreparedStatement s, Map<Long, TipperPlan> plans) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Obligation o = new Obligation(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5));
                plans.get(o.tipperId()).obligations().add(o);
            }
        }
    }

    private long countRows(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, run.paydayId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
