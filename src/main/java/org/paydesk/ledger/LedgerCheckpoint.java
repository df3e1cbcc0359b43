package org.paydesk.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verified checkpoint of the ledger (migration V23): marks up to which every row was verified,
 * each account's ledger sum at the posting mark and its open owed items summed (V51), and the
 * conservation equation's terms there. The
 * end-of-payday checks verify only what lies after the marks (and the accounts whose cached amounts
 * changed since), then advance the checkpoint in the transaction that closes the payday.
 *
 * <p>Why that is sound (src/docs/ledger.md, "Checks that do not grow with history"): journal
 * entries and postings are append-only by trigger, and V23's trigger refuses any row inserted at or
 * below the marks, so what was verified stays as it was; every change to an account's cached
 * amounts is noted by another V23 trigger, so an account is re-verified whenever anything touched
 * it (the posting trigger's own update of the balances excepted, V50: its accounts are the ones
 * with new postings, verified anyway). An owed item changes only by being closed, and each close is
 * noted with its amount against its tipper (V51), so the open items of an account are its owed at
 * the checkpoint, plus its items after the mark, less what closed since. What a disabled trigger or
 * a hand-edited exchange below the marks could hide is what {@code check} (a full scan, the default) is for; it also
 * re-verifies the checkpoint itself ({@link #verify}).
 */
public final class LedgerCheckpoint {

    /** The highest id verified (or to be verified) per table; zeros before any checkpoint. */
    public record Marks(long entry, long posting, long transfer, long owedItem, long gatewayRequest, long exchange) {

        static final Marks NONE = new Marks(0, 0, 0, 0, 0, 0);
    }

    /** The terms of the conservation equation over the rows at or below some marks. */
    public record Terms(BigDecimal held, BigDecimal chargedNet, BigDecimal paidOut, BigDecimal refunds,
                        BigDecimal adjustments) {

        static final Terms ZERO = new Terms(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        Terms plus(Terms o) {
            return new Terms(held.add(o.held), chargedNet.add(o.chargedNet), paidOut.add(o.paidOut),
                    refunds.add(o.refunds), adjustments.add(o.adjustments));
        }

        /** What participants should hold: money in, less money out, plus refunds (negative) and adjustments. */
        BigDecimal expected() {
            return chargedNet.subtract(paidOut).add(refunds).add(adjustments);
        }
    }

    /** A checkpoint in force: its row id, marks, terms, and the payday whose end verified it (if any). */
    public record Checkpoint(long id, Marks marks, Terms terms, Long paydayId, boolean fullScan) {
    }

    private LedgerCheckpoint() {
    }

    /** The checkpoint in force, if one was ever made. */
    public static Optional<Checkpoint> current(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, entry_mark, posting_mark, transfer_mark, owed_item_mark,"
                + " gateway_request_mark, exchange_mark, held, charged_net, paid_out, refunds, adjustments, payday_id,"
                + " full_scan from ledger_checkpoint order by id desc limit 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Marks marks = new Marks(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
            Terms terms = new Terms(rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBigDecimal(11),
                    rs.getBigDecimal(12));
            long payday = rs.getLong(13);
            return Optional.of(new Checkpoint(rs.getLong(1), marks, terms, rs.wasNull() ? null : payday, rs.getBoolean(14)));
        }
    }

    /**
     * The marks as the ledger stands: the highest id of each table, and for exchanges the highest id
     * below the oldest one still open (never below {@code floor}'s, see {@link InvariantChecker}).
     */
    static Marks now(Connection c, Marks floor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select"
                + " coalesce((select max(id) from journal_entry), 0),"
                + " coalesce((select max(id) from posting), 0),"
                + " coalesce((select max(id) from transfer), 0),"
                + " coalesce((select max(id) from owed_item), 0),"
                + " coalesce((select max(id) from sandbox_gateway_request), 0),"
                + " coalesce((select min(id) - 1 from exchange where status in ('INTENT', 'UNKNOWN')),"
                + "          (select max(id) from exchange), 0)");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Marks(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    Math.max(floor.exchange(), rs.getLong(6)));
        }
    }

    /**
     * Holds the ledger still for the rest of the transaction: waits for every transaction writing
     * entries, postings or noting changed accounts to end, and keeps new ones waiting until this one
     * ends, so the marks read after it cover every row committed below them. Call it first in a
     * read-committed transaction, then read the marks.
     */
    static void holdStill(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // The order writers take them in (entry, posting, owed items, then a note of a changed
            // account), so no deadlock; a writer of postings waits on the first, one writing owed
            // items on the second (an item's id below the mark would otherwise commit after the
            // mark is read), one changing accounts on the third.
            s.execute("lock table journal_entry, posting in share mode");
            s.execute("lock table owed_item in share mode");
            s.execute("lock table ledger_account_changed in exclusive mode");
        }
    }

    /**
     * The first half of an advance to {@code to}: adds each account's postings after {@code from}'s
     * posting mark to its checkpoint sum and carries its owed forward; or, when there is no
     * checkpoint, takes each account's cached amounts (leftovers of an emptied checkpoint deleted
     * first). Takes no lock that a reader of the checkpoint tables waits for, so it can run while
     * other connections check the same rows ({@link org.paydesk.db.ParallelReads}); a failed check
     * rolls it back with the rest.
     */
    static void addAccountSums(Connection c, Optional<Checkpoint> from, Marks to) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (from.isEmpty()) {
                s.executeUpdate("delete from ledger_checkpoint_account");
                s.executeUpdate(SUMS_FROM_NOTHING);
                return;
            }
            // One group per account that moved (hundreds of thousands at a large payday), which
            // PostgreSQL cannot foresee over a union: room to group them without spilling to disk.
            s.execute("set local work_mem = '64MB'");
        }
        try (PreparedStatement s = c.prepareStatement(SUMS_SINCE)) {
            s.setLong(1, from.get().marks().posting());
            s.setLong(2, to.posting());
            s.setLong(3, from.get().marks().owedItem());
            s.setLong(4, to.owedItem());
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("reset work_mem");
        }
    }

    /**
     * A first checkpoint's sums: each account's cached balance and owed. The first checkpoint is made
     * only if the full checks pass, on the same still ledger, and they verify exactly these: that
     * every account's cached balance is its ledger sum and its cached owed its open owed items. So
     * the cached amounts are those sums, read from one row per account instead of summed again from
     * every posting and owed item (at 1,000,000 participants 5 s, the longest read of the first
     * payday's checks). {@code check --full} re-derives them from the ledger ({@link #verify}).
     */
    private static final String SUMS_FROM_NOTHING = "insert into ledger_checkpoint_account (account_id, total, owed)"
            + " select id, committed, owed from account where committed <> 0 or owed <> 0";

    /**
     * The sums carried forward, one row written per account that moved: its postings between the
     * marks, and for its owed (migration V51) its items written between the marks, less its items
     * closed since the checkpoint (noted by V51's trigger).
     */
    private static final String SUMS_SINCE = "insert into ledger_checkpoint_account (account_id, total, owed)"
            + " select account_id, sum(total), sum(owed) from ("
            + "   select account_id, amount as total, 0 as owed from posting where id > ? and id <= ?"
            + "   union all select tipper_id, 0, amount from owed_item where id > ? and id <= ?"
            + "   union all select account_id, 0, -owed_closed from ledger_account_changed where owed_closed <> 0) moves"
            + " group by account_id"
            + " on conflict (account_id) do update set total = ledger_checkpoint_account.total + excluded.total,"
            + " owed = ledger_checkpoint_account.owed + excluded.owed";

    /**
     * Makes the checkpoint at {@code to}, carrying {@code from} forward (or from nothing), as
     * verified by the payday {@code paydayId} (null: none). The caller has verified every row
     * between the marks, holds the ledger still ({@link #holdStill}) and has added the account sums
     * ({@link #addAccountSums}) in this transaction; {@code added} are the conservation terms of the
     * rows between the marks ({@link #terms} from {@code from}'s marks to {@code to}, exchanges up to
     * its exchange mark), read alongside the checks.
     */
    static Checkpoint advance(Connection c, Optional<Checkpoint> from, Marks to, Long paydayId, Terms added)
            throws SQLException {
        Terms terms = from.map(Checkpoint::terms).orElse(Terms.ZERO).plus(added);
        try (Statement s = c.createStatement()) {
            // Not TRUNCATE: its lock would hold up every reader of the notes until this transaction
            // ends (a full check reads the owed closed since, V51), and a reader whose snapshot is
            // older than the advance would find them gone (TRUNCATE is not MVCC-safe).
            s.execute("delete from ledger_account_changed");
        }
        try (PreparedStatement s = c.prepareStatement("insert into ledger_checkpoint (entry_mark, posting_mark,"
                + " transfer_mark, owed_item_mark, gateway_request_mark, exchange_mark, held, charged_net, paid_out,"
                + " refunds, adjustments, payday_id, full_scan) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")) {
            s.setLong(1, to.entry());
            s.setLong(2, to.posting());
            s.setLong(3, to.transfer());
            s.setLong(4, to.owedItem());
            s.setLong(5, to.gatewayRequest());
            s.setLong(6, to.exchange());
            s.setBigDecimal(7, terms.held());
            s.setBigDecimal(8, terms.chargedNet());
            s.setBigDecimal(9, terms.paidOut());
            s.setBigDecimal(10, terms.refunds());
            s.setBigDecimal(11, terms.adjustments());
            s.setObject(12, paydayId);
            s.setBoolean(13, from.isEmpty());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Checkpoint(rs.getLong(1), to, terms, paydayId, from.isEmpty());
            }
        }
    }

    /** The SQL of the conservation terms over the rows after {@code from} up to {@code to} (exchanges up to {@code exchangeTo}). */
    static String termsSql(Marks from, Marks to, long exchangeTo) {
        String postings = " p.id > " + from.posting() + " and p.id <= " + to.posting();
        String exchanges = " id > " + from.exchange() + " and id <= " + exchangeTo + " and status = 'SUCCEEDED'";
        return "select"
                + " (select coalesce(sum(p.amount), 0) from posting p join account a on a.id = p.account_id"
                + "    where" + postings + " and a.kind in ('PARTICIPANT', 'PENDING_TRANSFERS')) as held,"
                + " (select coalesce(sum(amount - fee), 0) from exchange where" + exchanges + " and kind = 'CHARGE') as charged_net,"
                + " (select coalesce(sum(amount + fee), 0) from exchange where" + exchanges + " and kind = 'PAYOUT'"
                + "    and refund_id is null) as paid_out,"
                + " (select coalesce(sum(p.amount), 0) from posting p join journal_entry e on e.id = p.entry_id"
                + "    join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
                + "    where" + postings + " and e.id > " + from.entry() + " and e.kind = 'REFUND') as refunds,"
                + " (select coalesce(sum(p.amount), 0) from posting p join journal_entry e on e.id = p.entry_id"
                + "    join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
                + "    where" + postings + " and e.id > " + from.entry()
                + "    and e.kind in ('OPENING_BALANCE', 'PAYMENT_IN', 'CREDIT', 'DEBIT', 'CHARGEBACK', 'REVERSAL')) as adjustments";
    }

    static Terms terms(Connection c, Marks from, Marks to, long exchangeTo) throws SQLException {
        return terms(c, termsSql(from, to, exchangeTo));
    }

    /** The terms that {@code sql}, one of {@link #termsSql}'s, reads. */
    static Terms terms(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Terms(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                    rs.getBigDecimal(5));
        }
    }

    /**
     * Re-verifies {@code cp} against the whole ledger (for {@code check --full}): each account's sum at
     * the posting mark and its owed, the conservation terms at the marks, no posting after the mark belonging to an
     * entry at or below it, every exchange at or below its mark closed. Returns what disagrees.
     */
    static List<String> verify(Connection c, Checkpoint cp) throws SQLException {
        List<String> found = new ArrayList<>();
        Marks m = cp.marks();
        found.addAll(lines(c, "select 'account ' || coalesce(l.account_id, k.account_id)"
                + " || ': checkpoint sum ' || coalesce(k.total, 0) || ', ledger up to posting ' || ? || ' ' || coalesce(l.total, 0)"
                + " from (select account_id, sum(amount) as total from posting where id <= ? group by account_id) l"
                + " full join ledger_checkpoint_account k on k.account_id = l.account_id"
                + " where coalesce(l.total, 0) <> coalesce(k.total, 0) order by 1 limit 5", m.posting(), m.posting()));
        // The owed at the checkpoint: its items at or below the mark open now, plus those closed since
        // (noted per account, with the items written after the mark and closed by now).
        found.addAll(lines(c, "select 'account ' || coalesce(x.account_id, k.account_id)"
                + " || ': checkpoint owed ' || coalesce(k.owed, 0.00) || ', owed items open at the checkpoint '"
                + " || coalesce(x.total, 0.00)"
                + " from (select account_id, sum(amount) as total from ("
                + "   select tipper_id as account_id, amount from owed_item where id <= ? and status = 'OPEN'"
                + "   union all select tipper_id, -amount from owed_item where id > ? and status <> 'OPEN'"
                + "   union all select account_id, owed_closed from ledger_account_changed where owed_closed <> 0) u"
                + "   group by account_id) x"
                + " full join (select account_id, owed from ledger_checkpoint_account where owed <> 0) k"
                + " on k.account_id = x.account_id"
                + " where coalesce(x.total, 0) <> coalesce(k.owed, 0) order by 1 limit 5", m.owedItem(), m.owedItem()));
        Terms ledger = terms(c, Marks.NONE, m, m.exchange());
        if (!ledger.equals(cp.terms()) && !sameAmounts(ledger, cp.terms())) {
            found.add("conservation terms at the marks: checkpoint " + cp.terms() + ", ledger " + ledger);
        }
        found.addAll(lines(c, "select 'posting ' || id || ' after the mark belongs to entry '"
                + " || entry_id || ', at or below it' from posting where id > ? and entry_id <= ?"
                + " union all select 'exchange ' || id || ' at or below the mark is ' || status from exchange"
                + " where id <= ? and status in ('INTENT', 'UNKNOWN') limit 5", m.posting(), m.entry(), m.exchange()));
        return found;
    }

    /** The first column of every row {@code sql} returns with {@code marks} as its parameters. */
    private static List<String> lines(Connection c, String sql, long... marks) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < marks.length; i++) {
                s.setLong(i + 1, marks[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return lines;
    }

    private static boolean sameAmounts(Terms a, Terms b) {
        return a.held().compareTo(b.held()) == 0 && a.chargedNet().compareTo(b.chargedNet()) == 0
                && a.paidOut().compareTo(b.paidOut()) == 0 && a.refunds().compareTo(b.refunds()) == 0
                && a.adjustments().compareTo(b.adjustments()) == 0;
    }
}
