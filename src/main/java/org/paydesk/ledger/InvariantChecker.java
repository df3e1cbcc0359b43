package org.paydesk.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.db.Database;

/**
 * The invariants of DESIGN §8, each one query that lists a few offending rows. Run at the end of
 * every payday and by the {@code check} command.
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

    public List<CheckResult> runAll() {
        return database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            return runAll(c);
        });
    }

    /** A check that lists up to a few offending rows; none means it holds. */
    private record Offenders(String name, String sql) {
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

    /** Runs every check on {@code c}; a repeatable-read transaction gives them one snapshot. */
    public static List<CheckResult> runAll(Connection c) throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        for (Offenders check : OFFENDERS) {
            results.add(offenders(c, check.name(), check.sql()));
        }
        results.add(conservation(c));
        return results;
    }

    /** The SQL of every check as it is run, for tests that look at the plans PostgreSQL makes of them. */
    public static List<String> queries() {
        List<String> sql = new ArrayList<>();
        for (Offenders check : OFFENDERS) {
            sql.add(limited(check.sql()));
        }
        sql.add(CONSERVATION);
        return sql;
    }

    private static String limited(String sql) {
        return sql + " limit " + (SAMPLE + 1);
    }

    private static final String CONSERVATION = "select"
            + " (select coalesce(sum(p.amount), 0) from posting p join account a on a.id = p.account_id"
            + "    where a.kind in ('PARTICIPANT', 'PENDING_TRANSFERS')) as held,"
            + " (select coalesce(sum(amount - fee), 0) from exchange where kind = 'CHARGE' and status = 'SUCCEEDED') as charged_net,"
            + " (select coalesce(sum(amount + fee), 0) from exchange where kind = 'PAYOUT' and status = 'SUCCEEDED'"
            + "    and refund_id is null) as paid_out,"
            + " (select coalesce(sum(p.amount), 0) from posting p join journal_entry e on e.id = p.entry_id"
            + "    join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
            + "    where e.kind = 'REFUND') as refunds,"
            + " (select coalesce(sum(p.amount), 0) from posting p join journal_entry e on e.id = p.entry_id"
            + "    join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
            + "    where e.kind in ('OPENING_BALANCE', 'PAYMENT_IN', 'CREDIT', 'DEBIT', 'CHARGEBACK', 'REVERSAL')) as adjustments";

    /**
     * Participants' money (their ledger sums plus in-flight pending transfers) equals what came in through
     * the gateway net of fees, less what went out (payouts with their fees, refunds), plus staff
     * adjustments and opening balances. Gateway flows are read from the exchange records and the
     * rest from the ledger, so a posting without its exchange (or the reverse) shows here.
     */
    private static CheckResult conservation(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(CONSERVATION); ResultSet rs = s.executeQuery()) {
            rs.next();
            BigDecimal held = rs.getBigDecimal("held");
            BigDecimal expected = rs.getBigDecimal("charged_net")
                    .subtract(rs.getBigDecimal("paid_out"))
                    .add(rs.getBigDecimal("refunds"))
                    .add(rs.getBigDecimal("adjustments"));
            boolean ok = held.compareTo(expected) == 0;
            String detail = "participants hold " + held.toPlainString() + "; money in less money out plus adjustments is "
                    + expected.toPlainString();
            return new CheckResult("participants' balances equal money in - money out + adjustments", ok, detail);
        }
    }

    private static CheckResult offenders(Connection c, String name, String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(limited(sql)); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        if (found.isEmpty()) {
            return new CheckResult(name, true, "");
        }
        String detail = String.join("; ", found.subList(0, Math.min(SAMPLE, found.size())))
                + (found.size() > SAMPLE ? "; and more" : "");
        return new CheckResult(name, false, detail);
    }
}
