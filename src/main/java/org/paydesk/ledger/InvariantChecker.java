package org.paydesk.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.paydesk.db.Database;
import org.paydesk.db.ParallelReads;

/**
 * The invariants of DESIGN §8, each one query that lists a few offending rows, in two forms: over
 * the whole ledger ({@link #runAll}, the {@code check} command, and a payday on a platform without a
 * checkpoint yet), and over what was written after the verified checkpoint ({@link #SINCE}, the
 * end of every payday, through {@link #verifyAndAdvance}). The rule that makes the second enough is
 * in {@link LedgerCheckpoint} and src/docs/ledger.md.
 */
public final class InvariantChecker {

    /** One invariant's outcome; {@code detail} names up to a few offenders when it failed. */
    public record CheckResult(String name, boolean ok, String detail) {
    }

    private static final int SAMPLE = 5;

    private final Database database;

    public InvariantChecker(Database database) {
        this.database = database;
    }

    /** Every check over the whole ledger ({@code check}), two at a time on one snapshot. */
    public List<CheckResult> runAll() {
        return database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            return runAll(c, database.dataSource());
        });
    }

    /**
     * The checks of what was written since the checkpoint, without advancing it ({@code check
     * --incremental}); the whole ledger when there is no checkpoint yet. The payday's own checks are
     * {@link #verifyAndAdvance}.
     */
    public Verification runSinceCheckpoint() {
        return database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            Optional<LedgerCheckpoint.Checkpoint> cp = LedgerCheckpoint.current(c);
            if (cp.isEmpty()) {
                return new Verification(runAll(c, database.dataSource()), Optional.empty(), Optional.empty());
            }
            ParallelReads reads = new ParallelReads();
            List<Supplier<CheckResult>> results = addSince(reads, cp.get(), marksNow(c, cp.get()));
            reads.run(c, database.dataSource());
            return new Verification(values(results), cp, Optional.empty());
        });
    }

    /**
     * A check that lists up to a few offending rows, none meaning it holds; or several checks read by
     * one query, whose rows are (the check's index in {@code names}, an order within it, the line).
     */
    private record Offenders(List<String> names, String sql) {

        Offenders(String name, String sql) {
            this(List.of(name), sql);
        }

        /** The name of a single check. */
        String name() {
            if (names.size() != 1) {
                throw new IllegalStateException("several checks: " + names);
            }
            return names.get(0);
        }

        /** {@code bound} (this check's query, marks bound) reading at most one line more per check than is shown. */
        String limited(String bound) {
            if (names.size() == 1) {
                return bound + " limit " + (SAMPLE + 1);
            }
            return "select k, line from (select k, line, row_number() over (partition by k order by ord) as n"
                    + " from (" + bound + ") g) r where n <= " + (SAMPLE + 1) + " order by k, n";
        }
    }

    private static final String PAY_IN_UNDER_WAY = "exists (select 1 from payday where ts_end is null and phase in ('START', 'REFUNDS', 'PAYIN', 'SETTLE'))";

    private static final List<Offenders> OFFENDERS = List.of(
            new Offenders("every journal entry sums to zero over two or more postings",
                    "select 'entry ' || e.id || ' sums to ' || coalesce(sum(p.amount), 0) || ' over ' || count(p.id) || ' postings'"
                            + " from journal_entry e left join posting p on p.entry_id = e.id"
                            + " group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2 order by e.id"),
            new Offenders("no committed balance is negative",
                    "select pa.username || ' has ' || s.total from ("
                            + " select p.account_id, sum(p.amount) as total from posting p"
                            + " join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
                            + " group by p.account_id having sum(p.amount) < 0) s"
                            + " join participant pa on pa.id = s.account_id order by pa.id"),
            new Offenders("cached balances equal ledger sums",
                    "select coalesce(pa.username, a.kind) || ' (account ' || a.id || '): cached ' || a.committed"
                            + " || ', ledger ' || coalesce(s.total, 0.00)"
                            + " from account a left join (select account_id, sum(amount) as total from posting group by account_id) s"
                            + " on s.account_id = a.id left join participant pa on pa.id = a.id"
                            + " where a.committed <> coalesce(s.total, 0) order by a.id"),
            new Offenders("cached owed amounts equal open owed items",
                    "select coalesce(pa.username, '#' || a.id) || ': cached ' || a.owed || ', open items ' || coalesce(o.total, 0.00)"
                            + " from account a left join (select tipper_id, sum(amount) as total from owed_item"
                            + " where status = 'OPEN' group by tipper_id) o on o.tipper_id = a.id"
                            + " left join participant pa on pa.id = a.id"
                            + " where a.owed <> coalesce(o.total, 0) order by a.id"),
            new Offenders("no pending amount is left after settle",
                    "select coalesce(pa.username, a.kind) || ' has pending ' || a.pending"
                            + " from account a left join participant pa on pa.id = a.id"
                            + " where a.pending <> 0 and not " + PAY_IN_UNDER_WAY
                            + " union all"
                            + " select 'pending transfers account holds ' || a.committed from account a"
                            + " where a.kind = 'PENDING_TRANSFERS' and a.committed <> 0 and not " + PAY_IN_UNDER_WAY),
            new Offenders("each (payday, tip) is transferred at most once",
                    "select 'payday ' || payday_id || ', tip ' || tip_id || ': ' || count(*) || ' transfers'"
                            + " from transfer where owed_item_id is null group by payday_id, tip_id having count(*) > 1"
                            + " union all select 'owed item ' || owed_item_id || ': ' || count(*) || ' transfers'"
                            + " from transfer where owed_item_id is not null group by owed_item_id having count(*) > 1"),
            new Offenders("transfers and owed amounts name the same tipper and tippee as their tip",
                    "select 'transfer ' || x.id || ' of tip ' || t.id from transfer x join tip t on t.id = x.tip_id"
                            + " where x.tipper_id <> t.tipper_id or x.tippee_id <> t.tippee_id"
                            + " union all select 'owed item ' || o.id || ' of tip ' || t.id from owed_item o join tip t"
                            + " on t.id = o.tip_id where o.tipper_id <> t.tipper_id or o.tippee_id <> t.tippee_id"),
            new Offenders("each idempotency key is exchanged at most once at the gateway",
                    "select 'key ' || idempotency_key || ': ' || count(*) || ' exchanges' from exchange"
                            + " group by idempotency_key having count(*) > 1"
                            + " union all select 'key ' || idempotency_key || ': ' || count(*) || ' gateway requests'"
                            + " from sandbox_gateway_request group by idempotency_key having count(*) > 1"),
            // A run settles its own open exchanges when it resumes; outside a run an open one needs a person.
            new Offenders("no gateway exchange is left open (in intent or unknown) outside a running payday",
                    "select x.kind || ' ' || x.idempotency_key || ' of ' || coalesce(pa.username, '#' || x.participant_id)"
                            + " || ' is ' || x.status || coalesce(' (' || x.error || ')', '') from exchange x"
                            + " left join participant pa on pa.id = x.participant_id"
                            + " where x.status in ('INTENT', 'UNKNOWN')"
                            + " and not exists (select 1 from payday where ts_end is null) order by x.id"));

    /** The accounts whose ledger sum moved after the posting mark, by how much. */
    private static final String DELTA = "delta as (select account_id, sum(amount) as total from posting"
            + " where id > {P0} and id <= {P1} group by account_id)";
    /**
     * The four checks of an account's cached amounts since the checkpoint, read in one pass over the
     * accounts anything touched since: new postings ({@code delta}), owed items written after the
     * mark ({@code added}), or cached amounts changed or owed items closed (noted by V23's and V51's
     * triggers; the posting trigger's own balance update is not noted, V50, its accounts being those
     * of {@code delta}). An account's ledger sum is its checkpoint sum plus its postings since, and its
     * open owed items are its owed at the checkpoint, plus its items written since, less what closed
     * since (V51). An account nothing touched satisfied them all at the checkpoint and still does.
     * Rows: the check (0 to 3, in the order of {@link #ACCOUNT_CHECKS}), an order, the line.
     */
    private static final String ACCOUNTS_SINCE = "with " + DELTA + ","
            + " added as (select tipper_id as account_id, sum(amount) as total from owed_item"
            + "   where id > {O0} and id <= {O1} group by tipper_id),"
            + " touched as (select account_id from delta union select account_id from added"
            + "   union select account_id from ledger_account_changed),"
            + " state as (select a.id, a.kind, a.committed, a.owed, a.pending, pa.username,"
            + "   coalesce(k.total, 0.00) + coalesce(d.total, 0.00) as ledger,"
            + "   coalesce(k.owed, 0.00) + coalesce(n.total, 0.00) - coalesce(ch.owed_closed, 0.00) as open_owed"
            + "   from touched t join account a on a.id = t.account_id"
            + "   left join delta d on d.account_id = a.id"
            + "   left join added n on n.account_id = a.id"
            + "   left join ledger_account_changed ch on ch.account_id = a.id"
            + "   left join ledger_checkpoint_account k on k.account_id = a.id"
            + "   left join participant pa on pa.id = a.id)"
            + " select 0 as k, id as ord, username || ' has ' || ledger as line from state where username is not null and ledger < 0"
            + " union all select 1, id, coalesce(username, kind) || ' (account ' || id || '): cached ' || committed"
            + "   || ', ledger ' || ledger from state where committed <> ledger"
            + " union all select 2, id, coalesce(username, '#' || id) || ': cached ' || owed || ', open items ' || open_owed"
            + "   from state where owed <> open_owed"
            + " union all select 3, id, coalesce(username, kind) || ' has pending ' || pending from state"
            + "   where pending <> 0 and not " + PAY_IN_UNDER_WAY
            + " union all select 3, " + Long.MAX_VALUE + ", 'pending transfers account holds ' || a.committed from account a"
            + "   where a.kind = 'PENDING_TRANSFERS' and a.committed <> 0 and not " + PAY_IN_UNDER_WAY;

    /** The checks {@link #ACCOUNTS_SINCE} answers, in its order. */
    private static final List<String> ACCOUNT_CHECKS = List.of(OFFENDERS.get(1).name(), OFFENDERS.get(2).name(),
            OFFENDERS.get(3).name(), OFFENDERS.get(4).name());

    /**
     * The checks of {@link #OFFENDERS}, each over what was written after a checkpoint: {E0}..{E1} are
     * the journal entry marks (after the checkpoint's, up to the ledger's), {P*} postings, {T*}
     * transfers, {O*} owed items, {G*} gateway requests, {X0} the exchange mark. Every scan of a
     * history table is a range on its key or an index lookup from a row after the mark.
     */
    private static final List<Offenders> SINCE = List.of(
            new Offenders(OFFENDERS.get(0).name(),
                    "select 'entry ' || e.id || ' sums to ' || coalesce(sum(p.amount), 0) || ' over ' || count(p.id) || ' postings'"
                            + " from journal_entry e left join posting p on p.entry_id = e.id and p.entry_id > {E0}"
                            + " where e.id > {E0} and e.id <= {E1}"
                            + " group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2"
                            + " union all select 'posting ' || p.id || ' after the checkpoint belongs to entry ' || p.entry_id"
                            + " || ', at or below it' from posting p where p.id > {P0} and p.id <= {P1} and p.entry_id <= {E0}"),
            new Offenders(ACCOUNT_CHECKS, ACCOUNTS_SINCE),
            new Offenders(OFFENDERS.get(5).name(), uniqueIndexes(
                    "transfer", "btree (payday_id, tip_id) WHERE (owed_item_id IS NULL)",
                    "transfer", "btree (owed_item_id) WHERE (owed_item_id IS NOT NULL)")),
            new Offenders(OFFENDERS.get(6).name(),
                    "select 'transfer ' || x.id || ' of tip ' || t.id from transfer x join tip t on t.id = x.tip_id"
                            + " where x.id > {T0} and x.id <= {T1} and (x.tipper_id <> t.tipper_id or x.tippee_id <> t.tippee_id)"
                            + " union all select 'owed item ' || o.id || ' of tip ' || t.id from owed_item o join tip t"
                            + " on t.id = o.tip_id where o.id > {O0} and o.id <= {O1}"
                            + " and (o.tipper_id <> t.tipper_id or o.tippee_id <> t.tippee_id)"),
            new Offenders(OFFENDERS.get(7).name(), uniqueIndexes(
                    "exchange", "btree (idempotency_key)",
                    "sandbox_gateway_request", "btree (idempotency_key)")),
            new Offenders(OFFENDERS.get(8).name(),
                    "select * from (" + OFFENDERS.get(8).sql() + ") open"
                            + " union all select 'exchange ' || x.id || ' at or below the checkpoint is ' || x.status"
                            + " from exchange x where x.id <= {X0} and x.status in ('INTENT', 'UNKNOWN')"));

    /**
     * The incremental form of a check that a key occurs at most once: that the database enforces it,
     * as a valid unique index on each (table, definition) pair. While such an index exists no two
     * rows can share the key, and it cannot be built over rows that do (a failed concurrent build
     * leaves it invalid), so this holds for every row, before and after the marks, for the price of a
     * catalog look-up instead of a probe per row written. The full check still counts the rows.
     */
    private static String uniqueIndexes(String... tableAndDefinition) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < tableAndDefinition.length; i += 2) {
            expected.append(i == 0 ? "" : ", ").append("('").append(tableAndDefinition[i]).append("', '")
                    .append(tableAndDefinition[i + 1]).append("')");
        }
        return "select r.tbl || ' has no valid unique index ' || r.def || ', so the key can occur twice'"
                + " from (values " + expected + ") r (tbl, def)"
                + " where not exists (select from pg_index i where i.indrelid = to_regclass(r.tbl)"
                + "   and i.indisunique and i.indisvalid"
                + "   and regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') = r.def)";
    }

    private static String bind(String sql, LedgerCheckpoint.Marks from, LedgerCheckpoint.Marks to) {
        return sql.replace("{E0}", Long.toString(from.entry())).replace("{E1}", Long.toString(to.entry()))
                .replace("{P0}", Long.toString(from.posting())).replace("{P1}", Long.toString(to.posting()))
                .replace("{T0}", Long.toString(from.transfer())).replace("{T1}", Long.toString(to.transfer()))
                .replace("{O0}", Long.toString(from.owedItem())).replace("{O1}", Long.toString(to.owedItem()))
                .replace("{G0}", Long.toString(from.gatewayRequest())).replace("{G1}", Long.toString(to.gatewayRequest()))
                .replace("{X0}", Long.toString(from.exchange()));
    }

    /** The conservation terms since the marks: postings up to {@code to}, every exchange after the mark. */
    private static String conservationSince(LedgerCheckpoint.Marks from, LedgerCheckpoint.Marks to) {
        return LedgerCheckpoint.termsSql(from, to, Long.MAX_VALUE);
    }

    /**
     * Runs every check on {@code c} over the whole ledger, and re-verifies the checkpoint if there is
     * one; a repeatable-read transaction gives them one snapshot.
     */
    public static List<CheckResult> runAll(Connection c) throws SQLException {
        return runAll(c, null);
    }

    /** As {@link #runAll(Connection)}, two checks at a time when {@code second} gives a second connection. */
    static List<CheckResult> runAll(Connection c, DataSource second) throws SQLException {
        ParallelReads reads = new ParallelReads();
        List<Supplier<CheckResult>> results = addAll(reads);
        reads.run(c, second);
        return values(results);
    }

    /**
     * The full checks added to {@code reads}, the results in the order {@link #runAll} returns them;
     * added longest first (the checkpoint's re-verification, the conservation sums, then the rest).
     */
    private static List<Supplier<CheckResult>> addAll(ParallelReads reads) {
        Supplier<CheckResult> agrees = reads.add(InvariantChecker::checkpointAgrees)::get;
        Supplier<CheckResult> conservation = reads.add(c -> conservation(c, LedgerCheckpoint.Terms.ZERO,
                CONSERVATION))::get;
        List<Supplier<CheckResult>> results = addOffenders(reads, Optional.empty(), null);
        results.add(conservation);
        results.add(agrees);
        return results;
    }

    private static List<CheckResult> values(List<Supplier<CheckResult>> results) {
        return results.stream().map(Supplier::get).toList();
    }

    /** The SQL of every full check as it is run, for tests that look at the plans PostgreSQL makes of them. */
    public static List<String> queries() {
        List<String> sql = new ArrayList<>();
        for (Offenders check : OFFENDERS) {
            sql.add(check.limited(check.sql()));
        }
        sql.add(CONSERVATION);
        return sql;
    }

    /**
     * The checks of what was written after {@code cp} up to the marks {@code to} (see
     * {@link LedgerCheckpoint}), added to {@code reads}, conservation first: the same invariants, each
     * restricted to the rows after the marks and the accounts touched since, the conservation
     * equation from the checkpoint's terms plus what came after. Together with the checkpoint they
     * cover the whole ledger. Results in the order of {@link #SINCE}, then conservation.
     */
    private static List<Supplier<CheckResult>> addSince(ParallelReads reads, LedgerCheckpoint.Checkpoint cp,
                                                                    LedgerCheckpoint.Marks to) {
        Supplier<CheckResult> conservation = reads.add(c -> conservation(c, cp.terms(),
                conservationSince(cp.marks(), to)))::get;
        List<Supplier<CheckResult>> results = addOffenders(reads, Optional.of(cp), to);
        results.add(conservation);
        return results;
    }

    /**
     * The checks that list offenders, added to {@code reads}: over the whole ledger without a
     * checkpoint ({@link #OFFENDERS}), else over what was written after it up to {@code to} ({@link #SINCE}).
     */
    private static List<Supplier<CheckResult>> addOffenders(ParallelReads reads,
            Optional<LedgerCheckpoint.Checkpoint> cp, LedgerCheckpoint.Marks to) {
        List<Supplier<CheckResult>> results = new ArrayList<>();
        for (Offenders check : cp.isPresent() ? SINCE : OFFENDERS) {
            String sql = check.limited(cp.isPresent() ? bind(check.sql(), cp.get().marks(), to) : check.sql());
            ParallelReads.Result<List<CheckResult>> read = reads.add(r -> offenders(r, check, sql));
            for (int i = 0; i < check.names().size(); i++) {
                int index = i;
                results.add(() -> read.get().get(index));
            }
        }
        return results;
    }

    /** The SQL of every check since {@code cp} up to {@code to}, as {@link #runSinceCheckpoint} runs it. */
    public static List<String> queriesSince(LedgerCheckpoint.Checkpoint cp, LedgerCheckpoint.Marks to) {
        List<String> sql = new ArrayList<>();
        for (Offenders check : SINCE) {
            sql.add(check.limited(bind(check.sql(), cp.marks(), to)));
        }
        sql.add(conservationSince(cp.marks(), to));
        return sql;
    }

    /**
     * The SQL of the conservation sums a payday's checks read instead of {@link #conservationSince}
     * ({@link #verifyAndAdvance}): the rows between the marks, then the exchanges after the exchange mark.
     */
    public static List<String> paydayTermsQueries(LedgerCheckpoint.Marks from, LedgerCheckpoint.Marks to) {
        return List.of(LedgerCheckpoint.termsSql(from, to, to.exchange()),
                // Nothing but the exchanges after the exchange mark: the postings' range is empty.
                LedgerCheckpoint.termsSql(to, to, Long.MAX_VALUE));
    }

    /** The marks as the ledger stands now, for checks after {@code cp}. */
    public static LedgerCheckpoint.Marks marksNow(Connection c, LedgerCheckpoint.Checkpoint cp) throws SQLException {
        return LedgerCheckpoint.now(c, cp.marks());
    }

    /**
     * What the end of a payday checks, and the checkpoint advanced if every check passed. On {@code c},
     * a read-committed transaction that then closes the payday (so the checkpoint advances only with
     * it): holds the ledger still, then checks what was written since the checkpoint, or, on a
     * platform that has none yet (a new or upgraded database), the whole ledger, and makes the first.
     * With {@code second}, two of its connections read the checks and the new checkpoint's terms on
     * this transaction's snapshot ({@link ParallelReads}) while this one adds the accounts' sums to the
     * checkpoint (kept only if every check passes); the ledger is held still either way.
     */
    public static Verification verifyAndAdvance(Connection c, Long paydayId, DataSource second) throws SQLException {
        LedgerCheckpoint.holdStill(c);
        Optional<LedgerCheckpoint.Checkpoint> cp = LedgerCheckpoint.current(c);
        LedgerCheckpoint.Marks from = cp.map(LedgerCheckpoint.Checkpoint::marks).orElse(LedgerCheckpoint.Marks.NONE);
        LedgerCheckpoint.Marks to = LedgerCheckpoint.now(c, from);
        ParallelReads reads = new ParallelReads();
        // The conservation sums once, for the check and the new checkpoint: the rows between the marks
        // (what the checkpoint adds), then the exchanges after the exchange mark (one still open, or
        // a later one), which the check counts and the checkpoint leaves for the next. No posting can
        // lie after the posting mark while the ledger is held still.
        List<String> sums = paydayTermsQueries(from, to);
        ParallelReads.Result<LedgerCheckpoint.Terms> added = reads.add(r -> LedgerCheckpoint.terms(r, sums.get(0)));
        ParallelReads.Result<LedgerCheckpoint.Terms> later = reads.add(r -> LedgerCheckpoint.terms(r, sums.get(1)));
        List<Supplier<CheckResult>> offenders = addOffenders(reads, cp, to);
        // Meanwhile this transaction adds the accounts' sums to the checkpoint, undone if a check fails.
        Savepoint[] beforeSums = new Savepoint[1];
        reads.run(c, second, w -> {
            beforeSums[0] = w.setSavepoint(); // after the snapshot's export, which a subtransaction cannot do
            LedgerCheckpoint.addAccountSums(w, cp, to);
            return null;
        });
        List<CheckResult> results = new ArrayList<>(values(offenders));
        LedgerCheckpoint.Terms carried = cp.map(LedgerCheckpoint.Checkpoint::terms).orElse(LedgerCheckpoint.Terms.ZERO);
        results.add(conservation(carried.plus(added.get()).plus(later.get())));
        if (cp.isEmpty()) {
            results.add(checkpointAgrees(c));
        }
        boolean ok = results.stream().allMatch(CheckResult::ok);
        if (!ok) {
            c.rollback(beforeSums[0]);
            return new Verification(results, cp, Optional.empty());
        }
        c.releaseSavepoint(beforeSums[0]);
        return new Verification(results, cp, Optional.of(LedgerCheckpoint.advance(c, cp, to, paydayId, added.get())));
    }

    /**
     * What the checks found, having started {@code from} a checkpoint (empty: over the whole ledger);
     * {@code advancedTo} is the checkpoint made after them (empty when a check failed or none was to be made).
     */
    public record Verification(List<CheckResult> results, Optional<LedgerCheckpoint.Checkpoint> from,
                               Optional<LedgerCheckpoint.Checkpoint> advancedTo) {

        public boolean ok() {
            return results.stream().allMatch(CheckResult::ok);
        }

        public boolean sinceCheckpoint() {
            return from.isPresent();
        }
    }

    private static CheckResult checkpointAgrees(Connection c) throws SQLException {
        String name = "the verified checkpoint agrees with the ledger";
        Optional<LedgerCheckpoint.Checkpoint> cp = LedgerCheckpoint.current(c);
        if (cp.isEmpty()) {
            return new CheckResult(name, true, "");
        }
        List<String> found = LedgerCheckpoint.verify(c, cp.get());
        return found.isEmpty() ? new CheckResult(name, true, "") : new CheckResult(name, false,
                "checkpoint #" + cp.get().id() + ": " + String.join("; ", found));
    }

    /** The conservation terms over the whole ledger: the checkpoint's own SQL, from nothing to no bound. */
    private static final String CONSERVATION = LedgerCheckpoint.termsSql(LedgerCheckpoint.Marks.NONE,
            new LedgerCheckpoint.Marks(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                    Long.MAX_VALUE), Long.MAX_VALUE);

    /**
     * Participants' money (their ledger sums plus in-flight pending transfers) equals what came in through
     * the gateway net of fees, less what went out (payouts with their fees, refunds), plus staff
     * adjustments and opening balances. Gateway flows are read from the exchange records and the
     * rest from the ledger, so a posting without its exchange (or the reverse) shows here.
     */
    private static CheckResult conservation(Connection c, LedgerCheckpoint.Terms carried, String sql) throws SQLException {
        return conservation(carried.plus(LedgerCheckpoint.terms(c, sql)));
    }

    private static CheckResult conservation(LedgerCheckpoint.Terms terms) {
        BigDecimal held = terms.held();
        BigDecimal expected = terms.expected();
        boolean ok = held.compareTo(expected) == 0;
        String detail = "participants hold " + held.toPlainString() + "; money in less money out plus adjustments is "
                + expected.toPlainString();
        return new CheckResult("participants' balances equal money in - money out + adjustments", ok, detail);
    }

    /** The results of {@code check} (one per name) from {@code sql}, its limited and bound query. */
    private static List<CheckResult> offenders(Connection c, Offenders check, String sql) throws SQLException {
        List<List<String>> found = new ArrayList<>();
        check.names().forEach(name -> found.add(new ArrayList<>()));
        boolean single = check.names().size() == 1;
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                found.get(single ? 0 : rs.getInt(1)).add(rs.getString(single ? 1 : 2));
            }
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            List<String> lines = found.get(i);
            String detail = String.join("; ", lines.subList(0, Math.min(SAMPLE, lines.size())))
                    + (lines.size() > SAMPLE ? "; and more" : "");
            results.add(new CheckResult(check.names().get(i), lines.isEmpty(), detail));
        }
        return results;
    }
}
