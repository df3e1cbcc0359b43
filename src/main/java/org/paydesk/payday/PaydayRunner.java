package org.paydesk.payday;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.db.Transactions;
import org.paydesk.gateway.PaymentGateway;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.Ledger;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.settings.Settings;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the payday of DESIGN §6: starts one or resumes the open one, and takes it through its
 * phases. Every phase records how far it got in the same transaction as its work, so a crash at
 * any point followed by another run finishes the payday as if nothing had happened.
 */
public final class PaydayRunner {

    private volatile Runnable beforeEachRun = () -> { };

    /** Who launches and how. {@code force} starts a payday within the minimum interval (audited). */
    public record Options(Caller caller, String workstation, boolean force, int batchSize, int gatewayConcurrency) {

        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            if (gatewayConcurrency < 1) {
                throw new IllegalArgumentException("gateway concurrency must be at least 1, got " + gatewayConcurrency);
            }
        }

        public static Options of(Caller caller, String workstation, boolean force) {
            return new Options(caller, workstation, force, 2_000, 32);
        }

        long staffId() {
            return caller.staffId();
        }

        String staffName() {
            return caller.username();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PaydayRunner.class);

    /** Memory for the sorts and hash joins of the cut-off snapshot, for its transaction only. */
    private static final String SNAPSHOT_WORK_MEM = "64MB";

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Database database;
    private final Supplier<Settings> settings;
    private final PaymentGateway gateway;
    private final ProcessorLock processor;
    private final RefundPhase refunds;

    public PaydayRunner(Database database, Settings settings, PaymentGateway gateway, ProcessorLock processor,
                        RefundPhase refunds) {
        this(database, () -> settings, gateway, processor, refunds);
    }

    /** A runner that asks {@code settings} for the current settings at the start of every run. */
    public PaydayRunner(Database database, Supplier<Settings> settings, PaymentGateway gateway, ProcessorLock processor,
                        RefundPhase refunds) {
        this.database = database;
        this.settings = settings;
        this.gateway = gateway;
        this.processor = processor;
        this.refunds = refunds;
    }

    public PaydayStats run(Options options, PaydayListener listener, BooleanSupplier cancelled) {
        return run(options, listener, cancelled, PaydayHooks.NONE);
    }

    /** Work done at each launch while the processor is held, before the payday starts or resumes (a backup). */
    public void beforeEachRun(Runnable work) {
        this.beforeEachRun = work;
    }

    /** Runs (or resumes) the payday to its end; {@code hooks} let tests crash it at named points. */
    public PaydayStats run(Options options, PaydayListener listener, BooleanSupplier cancelled, PaydayHooks hooks) {
        options.caller().require(Role.OPERATOR, "launch the payday");
        try (ProcessorLock.Held held = processor.acquire(options.staffId(), options.staffName(), options.workstation(),
                "Payday")) {
            Settings settings = this.settings.get();
            beforeEachRun.run();
            Transactions fenced = held.fenced();
            OpenPayday payday = startOrResume(fenced, options, settings);
            log.info("Payday {} {} by {} on {}", payday.id(), payday.resumed() ? "resumed" : "started",
                    options.staffName(), options.workstation());
            AtomicInteger threads = new AtomicInteger();
            int inFlight = gateway.callsInFlight(options.gatewayConcurrency());
            log.info("Payday {}: up to {} gateway calls at once", payday.id(), inFlight);
            ExecutorService callers = Executors.newFixedThreadPool(inFlight, r -> {
                Thread t = new Thread(r, "gateway-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                return new Run(fenced, payday, settings, options, listener, cancelled, hooks, callers).toTheEnd();
            } catch (PaydayCancelledException e) {
                fenced.inTransaction(c -> {
                    AuditLog.record(c, options.staffId(), "payday.cancel", "payday", Long.toString(payday.id()), null,
                            null, e.getMessage());
                    return null;
                });
                throw e;
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private record OpenPayday(long id, Instant tsStart, Phase phase, long cursor, boolean resumed) {
    }

    private OpenPayday startOrResume(Transactions fenced, Options options, Settings settings) {
        return fenced.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select id, ts_start, phase, cursor from payday where ts_end is null for update");
                 ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    AuditLog.record(c, options.staffId(), "payday.resume", "payday", rs.getString(1), null, null,
                            "resumed in phase " + rs.getString(3));
                    return new OpenPayday(rs.getLong(1), rs.getTimestamp(2).toInstant(), Phase.valueOf(rs.getString(3)),
                            rs.getLong(4), true);
                }
            }
            refuseIfTooSoon(c, options.force(), settings);
            try (PreparedStatement s = c.prepareStatement("insert into payday (ts_start, forced, started_by)"
                    + " values (now(), ?, ?) returning id, ts_start")) {
                s.setBoolean(1, options.force());
                s.setLong(2, options.staffId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    AuditLog.record(c, options.staffId(), options.force() ? "payday.start.forced" : "payday.start",
                            "payday", Long.toString(id), null, null, options.force() ? "started with --force" : null);
                    return new OpenPayday(id, rs.getTimestamp(2).toInstant(), Phase.START, 0, false);
                }
            } catch (SQLException e) {
                if (DataAccessException.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new PaydayRefusedException("Another payday was opened at the same moment; launch again to resume it");
                }
                throw e;
            }
        });
    }

    private void refuseIfTooSoon(Connection c, boolean force, Settings settings) throws SQLException {
        if (!force) {
            Optional<String> refusal = tooSoon(c, settings, Instant.now());
            if (refusal.isPresent()) {
                throw new PaydayRefusedException(refusal.get());
            }
        }
    }

    /** Why a payday may not start at {@code now} under the days-between-paydays rule, if it may not. */
    static Optional<String> tooSoon(Connection c, Settings settings, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, ts_start from payday order by ts_start desc limit 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Instant last = rs.getTimestamp(2).toInstant();
            Instant earliest = last.plus(Duration.ofDays(settings.minDaysBetweenPaydays()));
            if (now.isBefore(earliest)) {
                return Optional.of("The last payday (#" + rs.getLong(1) + ") started at " + WHEN.format(last)
                        + "; the next may start after " + WHEN.format(earliest) + ". A forced launch starts one anyway"
                        + " (payday run --force, or Force in the payday console; it is audited).");
            }
            return Optional.empty();
        }
    }

    /** One run over an open payday; everything it writes goes through the processor's fence. */
    private final class Run {
        private final Transactions tx;
        private final OpenPayday payday;
        private final Settings settings;
        private final Options options;
        private final BooleanSupplier cancelled;
        private final PaydayHooks hooks;
        private final PaydayListener listener;
        private final PaydayCounters counters = new PaydayCounters();
        private final ProgressReporter progress;
        private final ErrorLog errors;
        private final Ledger ledger;
        private final Exchanges exchanges;
        private final PhaseContext context;

        Run(Transactions tx, OpenPayday payday, Settings settings, Options options, PaydayListener listener,
            BooleanSupplier cancelled, PaydayHooks hooks, ExecutorService callers) {
            this.tx = tx;
            this.payday = payday;
            this.settings = settings;
            this.options = options;
            this.listener = listener;
            this.cancelled = cancelled;
            this.hooks = hooks;
            this.progress = new ProgressReporter(payday.id(), listener, counters, tx);
            this.errors = new ErrorLog(tx, payday.id(), listener, counters);
            this.ledger = database.read(Ledger::load);
            this.exchanges = new Exchanges(tx, gateway, callers, ledger, payday.id(), hooks);
            this.context = new PhaseContext(tx, payday.id(), payday.tsStart(), settings.fees(), ledger, exchanges,
                    counters, errors, progress, hooks, cancelled, options.batchSize());
            if (payday.resumed()) {
                counters.restore(database.read(c -> PaydayStats.compute(c, payday.id())));
            }
        }

        PaydayStats toTheEnd() {
            exchanges.reconcileOpen(counters, errors);
            Phase phase = payday.phase();
            long cursor = payday.cursor();
            while (phase != Phase.DONE) {
                long started = System.nanoTime();
                hooks.reached(phase, "begin");
                TableStatistics.refreshBefore(phase, tx);
                hooks.reached(phase, "statistics current");
                Phase next = switch (phase) {
                    case START -> snapshot();
                    case REFUNDS -> executeRefunds();
                    case PAYIN -> {
                        new PayIn(context).run(cursor);
                        yield moveOnAlone(Phase.PAYIN, Phase.SETTLE, started);
                    }
                    case SETTLE -> settle(started);
                    case PAYOUT -> {
                        new Payout(context).run(cursor);
                        yield moveOnAlone(Phase.PAYOUT, Phase.CHECKS, started);
                    }
                    case CHECKS -> checkAndClose(started);
                    case DONE -> Phase.DONE;
                };
                phase = next;
                cursor = 0;
            }
            PaydayStats stats = database.read(c -> PaydayStats.current(c, payday.id()));
            listener.finished(stats);
            return stats;
        }

        /** Takes the cut-off snapshot: owed amounts expired, the tips due and the tippers' order. */
        private Phase snapshot() {
            long started = System.nanoTime();
            progress.start(Phase.START, 0, 0);
            Timestamp ts = Timestamp.from(payday.tsStart());
            // The tips due of the upper half of the tippers are written by a second connection (below),
            // committed before this snapshot is; a START interrupted after that left them behind.
            long split = tx.inTransaction(c -> {
                update(c, "delete from payday_due_tip where payday_id = ?", payday.id());
                return count(c, "select coalesce((min(id) + max(id)) / 2, 0) from participant");
            });
            Phase next = tx.inTransaction(c -> {
                // The two halves are read by two statements: no participant may change in between
                // (a tippee marked SUSPICIOUS would count for one half of their tippers only). Staff
                // edits of participants wait for this transaction, seconds at a million participants.
                update(c, "lock table participant in share mode");
                expireOwed(c, ts);
                // The due tips are every tip in force joined twice with every participant, a read that
                // uses one processor: the tippers above the middle id are written meanwhile on a
                // second connection, in a transaction of its own (at 1,000,000 participants about
                // half of the 5 s it takes alone).
                ExecutorService second = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "payday-" + payday.id() + "-snapshot");
                    t.setDaemon(true);
                    return t;
                });
                Future<Long> upper;
                long tips;
                try {
                    upper = second.submit(() -> tx.inTransaction(h -> insertDueTips(h, ts, "t.tipper_id > ?", split)));
                    tips = insertDueTips(c, ts, "t.tipper_id <= ?", split);
                    tips += Steps.await(upper, "the snapshot was written");
                } finally {
                    second.shutdown();
                    awaitTermination(second);
                }
                hooks.reached(Phase.START, "due tips written");
                // The tippers' order is read from the due tips just written: counted first, so the plan knows their number.
                update(c, "analyze payday_due_tip");
                update(c, "insert into payday_tipper (payday_id, seq, tipper_id)"
                        + " select ?, row_number() over (order by p.claimed_at, p.id), p.id from participant p"
                        + " where payday_member(p.claimed_at, p.review, ?) and p.id in ("
                        + "   select tipper_id from payday_due_tip where payday_id = ?"
                        + "   union select tipper_id from owed_item where status = 'OPEN')", payday.id(), ts, payday.id());
                long participants = count(c, "select count(*) from participant"
                        + " where payday_member(claimed_at, review, ?) and created_at <= ?", ts, ts);
                try (PreparedStatement s = c.prepareStatement("update payday set stats = stats"
                        + " || jsonb_build_object('participants', ?::bigint, 'tips', ?::bigint) where id = ?")) {
                    s.setLong(1, participants);
                    s.setLong(2, tips);
                    s.setLong(3, payday.id());
                    s.executeUpdate();
                }
                return moveOn(c, Phase.START, Phase.REFUNDS, started);
            });
            // The batches' queries are planned from statistics; these tables were empty a moment ago.
            tx.inTransaction(c -> update(c, "analyze payday_tipper, owed_item"));
            return next;
        }

        /**
         * The tips due at {@code ts} of the tippers that {@code tippers} (a condition on {@code t.tipper_id}
         * with one parameter) selects, written into the snapshot; returns how many.
         */
        private long insertDueTips(Connection c, Timestamp ts, String tippers, long bound) throws SQLException {
            // Two hash joins with every participant: with the default 4 MB they spill to disk in
            // batches (at 1,000,000 participants 8.5 s instead of 5.5 s; the larger hash table takes
            // about 50 MB there). Local to this transaction.
            update(c, "set local work_mem = '" + SNAPSHOT_WORK_MEM + "'");
            return update(c, "insert into payday_due_tip (payday_id, tip_id, tipper_id, tippee_id, amount, tip_created_at)"
                    + " select ?, t.id, t.tipper_id, t.tippee_id, t.amount, t.created_at from tips_due(?) t"
                    + " where " + tippers, payday.id(), ts, bound);
        }

        private void expireOwed(Connection c, Timestamp ts) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("with expired as (update owed_item set status = 'EXPIRED',"
                    + " closed_payday_id = ?, closed_at = ? where status = 'OPEN'"
                    + " and created_at < ?::timestamptz - make_interval(weeks => ?) returning tipper_id, amount)"
                    + " update account a set owed = a.owed - e.total from (select tipper_id, sum(amount) as total"
                    + " from expired group by tipper_id) e where a.id = e.tipper_id")) {
                s.setLong(1, payday.id());
                s.setTimestamp(2, ts);
                s.setTimestamp(3, ts);
                s.setInt(4, settings.owedExpiryWeeks());
                s.executeUpdate();
            }
        }

        private Phase executeRefunds() {
            long started = System.nanoTime();
            progress.start(Phase.REFUNDS, 0, 0);
            int executed = refunds.executeApprovedBefore(tx, payday.id(), payday.tsStart());
            return tx.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("update payday set stats = stats"
                        + " || jsonb_build_object('refunds', ?::bigint) where id = ?")) {
                    s.setLong(1, executed);
                    s.setLong(2, payday.id());
                    s.executeUpdate();
                }
                return moveOn(c, Phase.REFUNDS, Phase.PAYIN, started);
            });
        }

        /** Moves every pending amount to committed in one entry and one transaction. */
        private Phase settle(long started) {
            progress.start(Phase.SETTLE, 0, 0);
            return tx.inTransaction(c -> {
                ledger.settlePending(c, payday.id());
                hooks.reached(Phase.SETTLE, "settled");
                return moveOn(c, Phase.SETTLE, Phase.PAYOUT, started);
            });
        }

        /**
         * Checks what this payday (and anything since the last verified checkpoint) wrote, or the whole
         * ledger the first time, and closes the payday. When every check passes the checkpoint advances
         * in the transaction that closes the payday; when one fails, the failures go to the error list,
         * the payday still closes (money has moved) and the checkpoint stays where it was, so the next
         * checks cover this payday's rows again.
         */
        private Phase checkAndClose(long started) {
            progress.start(Phase.CHECKS, 0, 0);
            InvariantChecker.Verification verification = tx.inTransaction(c -> {
                InvariantChecker.Verification found = InvariantChecker.verifyAndAdvance(c, payday.id(), database.dataSource());
                hooks.reached(Phase.CHECKS, "checked");
                if (found.ok()) {
                    close(c, started);
                }
                return found;
            });
            log.info("Payday {}: checks {} ({}); checkpoint {}", payday.id(), verification.ok() ? "passed" : "FAILED",
                    verification.sinceCheckpoint() ? "since the checkpoint" : "whole ledger, no checkpoint yet",
                    verification.advancedTo().map(cp -> "advanced to #" + cp.id()).orElse("not advanced"));
            if (!verification.ok()) {
                for (InvariantChecker.CheckResult r : verification.results()) {
                    if (!r.ok()) {
                        errors.record(Phase.CHECKS, null, null, "invariant failed: " + r.name() + ": " + r.detail());
                    }
                }
                tx.inTransaction(c -> {
                    close(c, started);
                    return null;
                });
            }
            return Phase.DONE;
        }

        private void close(Connection c, long started) throws SQLException {
            addSeconds(c, Phase.CHECKS, started);
            PaydayStats stats = PaydayStats.compute(c, payday.id());
            try (PreparedStatement s = c.prepareStatement("update payday set phase = 'DONE', cursor = 0,"
                    + " ts_end = now(), stats = ?::jsonb where id = ? and phase = 'CHECKS'")) {
                s.setString(1, stats.toJson().toString());
                s.setLong(2, payday.id());
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("payday " + payday.id() + " is no longer in phase CHECKS");
                }
            }
            update(c, "delete from payday_due_tip where payday_id = ?", payday.id());
            update(c, "delete from payday_tipper where payday_id = ?", payday.id());
        }

        /** Moves the payday on in a transaction of its own, for phases whose last batch already committed. */
        private Phase moveOnAlone(Phase from, Phase to, long started) {
            return tx.inTransaction(c -> moveOn(c, from, to, started));
        }

        /** Records the phase's time and moves the payday on, on {@code c} (in the phase's last transaction). */
        private Phase moveOn(Connection c, Phase from, Phase to, long startedNanos) throws SQLException {
            addSeconds(c, from, startedNanos);
            try (PreparedStatement s = c.prepareStatement(
                    "update payday set phase = ?, cursor = 0 where id = ? and phase = ?")) {
                s.setString(1, to.name());
                s.setLong(2, payday.id());
                s.setString(3, from.name());
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("payday " + payday.id() + " is no longer in phase " + from);
                }
            }
            return to;
        }

        private void addSeconds(Connection c, Phase phase, long startedNanos) throws SQLException {
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            try (PreparedStatement s = c.prepareStatement("update payday set phase_seconds = phase_seconds"
                    + " || jsonb_build_object(?::text, coalesce((phase_seconds ->> ?)::numeric, 0) + ?::numeric)"
                    + " where id = ?")) {
                s.setString(1, phase.key());
                s.setString(2, phase.key());
                s.setDouble(3, Math.round(seconds * 1000) / 1000.0);
                s.setLong(4, payday.id());
                s.executeUpdate();
            }
        }
    }

    /** Waits until {@code executor}, shut down, has finished, so nothing of a run goes on after it stops. */
    private static void awaitTermination(ExecutorService executor) {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
                log.info("Still waiting for {} to finish", executor);
            } catch (InterruptedException e) {
                interrupted = true; // still waited for: its transaction must end before this run does
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
