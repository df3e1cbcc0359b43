package org.paydesk.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks whose cost follows what was written, not the platform's history. A checkpoint says "the
 * ledger up to these ids was verified" and carries each account's ledger sum and the terms of the
 * conservation equation as of then. A check reads only the rows after it: the new entries must
 * balance; each account that has new postings must have its cached balance equal to its carried
 * sum plus them, and not below zero (and every account's cached balance must equal its carried sum
 * plus its new postings, which reads the accounts but not their history); the equation's terms move by the new postings and the
 * exchanges recorded with them. If everything holds, the checkpoint moves forward in the same
 * transaction.
 *
 * <p>The ids are read under a SHARE lock on the tables they number, which waits for every writer
 * in flight and lets none start until the check commits, so no row with a lower id can appear
 * after the checkpoint was taken. What a check since a checkpoint cannot see (a cached balance
 * changed with no posting, a row altered behind the append-only triggers) {@code check --full}
 * sees: it reads everything and also compares the carried sums with the ledger.
 */
final class Checkpoints {

    private record Mark(long entry, long posting, long transfer, long owedItem, long exchange, long sandbox,
                        Terms terms) {
    }

    /** The conservation equation's terms: held = charged_net - paid_out + refunds + adjustments. */
    private record Terms(BigDecimal held, BigDecimal chargedNet, BigDecimal paidOut, BigDecimal refunds,
                         BigDecimal adjustments) {
        static final Terms ZERO = new Terms(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        Terms plus(Terms d) {
            return new Terms(held.add(d.held), chargedNet.add(d.chargedNet), paidOut.add(d.paidOut),
                    refunds.add(d.refunds), adjustments.add(d.adjustments));
        }

        BigDecimal expected() {
            return chargedNet.subtract(paidOut).add(refunds).add(adjustments);
        }
    }

    private Checkpoints() {
    }

    static List<InvariantChecker.CheckResult> verifyAndAdvance(Connection c, Long paydayId) throws SQLException {
        try (Statement s = c.createStatement()) {
            // No writer of these tables is in flight from here to commit, so every statement below
            // sees the same rows of them (and of the cached amounts their writers keep), even in
            // READ COMMITTED, which a fenced transaction (one that has already run a statement) needs.
            s.execute("lock table journal_entry, posting, transfer, owed_item, exchange, sandbox_gateway_request"
                    + " in share mode");
            // One checker at a time moves the checkpoint.
            s.execute("lock table ledger_checkpoint in share row exclusive mode");
        }
        Mark from = latest(c);
        Mark to = now(c);
        List<InvariantChecker.CheckResult> results = new ArrayList<>();
        List<Query> queries = queries(from);
        for (Query q : queries.subList(0, 3)) {
            results.add(InvariantChecker.offenders(c, q.name(), q.sql()));
        }
        results.add(InvariantChecker.cachedOwed(c));
        results.add(InvariantChecker.noPendingLeft(c));
        Terms terms = from.terms().plus(termsSince(c, from));
        results.add(new InvariantChecker.CheckResult("participants' balances equal money in - money out + adjustments",
                terms.held().compareTo(terms.expected()) == 0, "participants hold " + terms.held().toPlainString()
                + "; money in less money out plus adjustments is " + terms.expected().toPlainString()));
        for (Query q : queries.subList(3, queries.size())) {
            results.add(InvariantChecker.offenders(c, q.name(), q.sql()));
        }
        results.add(InvariantChecker.noExchangeLeftOpen(c));
        if (results.stream().allMatch(InvariantChecker.CheckResult::ok)) {
            advance(c, from, to, terms, paydayId);
        }
        return results;
    }

    /** A named query listing offenders. */
    record Query(String name, String sql) {
    }

    /**
     * The queries a check since the latest checkpoint issues, in order (the owed and pending checks
     * and the conservation sums aside), for tests that look at their plans.
     */
    static List<String> sqlSinceLatest(Connection c) throws SQLException {
        Mark from = latest(c);
        List<String> sql = new ArrayList<>(queries(from).stream().map(Query::sql).toList());
        sql.add(termsSql(from));
        return sql;
    }

    private static List<Query> queries(Mark from) {
        String moved = "with moved as (select account_id, sum(amount) as amount from posting where id > " + from.posting()
                + " group by account_id)";
        return List.of(
                new Query("every journal entry sums to zero over two or more postings",
                        "select 'entry ' || e.id || ' sums to ' || coalesce(sum(p.amount), 0) || ' over ' || count(p.id) || ' postings'"
                        + " from journal_entry e left join posting p on p.entry_id = e.id and p.id > " + from.posting()
                        + " where e.id > " + from.entry()
                        + " group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2"
                        + " union all select 'posting ' || p.id || ' was added to entry ' || p.entry_id"
                        + " || ' after it was verified' from posting p where p.id > " + from.posting()
                        + " and p.entry_id <= " + from.entry()),
                new Query("no committed balance is negative",
                        moved + " select coalesce(pa.username, '#' || m.account_id) || ' has ' || (coalesce(b.total, 0) + m.amount)"
                        + " from moved m join account a on a.id = m.account_id"
                        + " left join ledger_checkpoint_balance b on b.account_id = m.account_id"
                        + " left join participant pa on pa.id = m.account_id"
                        + " where a.kind = 'PARTICIPANT' and coalesce(b.total, 0) + m.amount < 0"),
                // Every account, not only those with new postings: a cached balance changed without a
                // posting shows here too. Accounts are the platform's size, not its history's.
                new Query("cached balances equal ledger sums",
                        "select coalesce(pa.username, a.kind) || ' (account ' || a.id || '): cached ' || d.cached"
                        + " || ', ledger ' || d.ledger"
                        + " from (select id, sum(cached) as cached, sum(ledger) as ledger from ("
                        + "         select id, committed as cached, 0.00 as ledger from account"
                        + "         union all select account_id, 0.00, total from ledger_checkpoint_balance"
                        + "         union all select account_id, 0.00, amount from posting where id > " + from.posting()
                        + "       ) x group by id having sum(cached) <> sum(ledger) order by id limit 6) d"
                        + " join account a on a.id = d.id left join participant pa on pa.id = d.id order by d.id"),
                new Query("each (payday, tip) is transferred at most once",
                        "select 'payday ' || x.payday_id || ', tip ' || x.tip_id || ': transferred again by transfer ' || x.id"
                        + " from transfer x where x.id > " + from.transfer() + " and x.owed_item_id is null"
                        + " and exists (select 1 from transfer y where y.payday_id = x.payday_id and y.tip_id = x.tip_id"
                        + "   and y.owed_item_id is null and y.id <> x.id)"
                        + " union all select 'owed item ' || x.owed_item_id || ': paid again by transfer ' || x.id"
                        + " from transfer x where x.id > " + from.transfer() + " and x.owed_item_id is not null"
                        + " and exists (select 1 from transfer y where y.owed_item_id = x.owed_item_id and y.id <> x.id)"),
                new Query("transfers and owed amounts name the same tipper and tippee as their tip",
                        "select 'transfer ' || x.id || ' of tip ' || t.id from transfer x join tip t on t.id = x.tip_id"
                        + " where x.id > " + from.transfer() + " and (x.tipper_id <> t.tipper_id or x.tippee_id <> t.tippee_id)"
                        + " union all select 'owed item ' || o.id || ' of tip ' || t.id from owed_item o join tip t"
                        + " on t.id = o.tip_id where o.id > " + from.owedItem()
                        + " and (o.tipper_id <> t.tipper_id or o.tippee_id <> t.tippee_id)"),
                new Query("each idempotency key is exchanged at most once at the gateway",
                        "select 'key ' || x.idempotency_key || ': exchanged again by exchange ' || x.id from exchange x"
                        + " where x.id > " + from.exchange() + " and exists (select 1 from exchange y"
                        + "   where y.idempotency_key = x.idempotency_key and y.id <> x.id)"
                        + " union all select 'key ' || r.idempotency_key || ': requested again' from sandbox_gateway_request r"
                        + " where r.id > " + from.sandbox() + " and exists (select 1 from sandbox_gateway_request q"
                        + "   where q.idempotency_key = r.idempotency_key and q.id <> r.id)"));
    }

    /** The carried sums agree with the ledger up to the checkpoint (part of {@code check --full}). */
    static InvariantChecker.CheckResult agreesWithLedger(Connection c) throws SQLException {
        Mark mark = latest(c);
        return InvariantChecker.offenders(c, "the verified checkpoint agrees with the ledger",
                "select 'account ' || coalesce(b.account_id, s.account_id) || ': checkpoint ' || coalesce(b.total, 0)"
                        + " || ', ledger ' || coalesce(s.total, 0) from ledger_checkpoint_balance b"
                        + " full join (select account_id, sum(amount) as total from posting where id <= " + mark.posting()
                        + "   group by account_id) s on s.account_id = b.account_id"
                        + " where coalesce(b.total, 0) <> coalesce(s.total, 0)");
    }

    private static Mark latest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select through_entry, through_posting, through_transfer,"
                + " through_owed_item, through_exchange, through_sandbox, held, charged_net, paid_out, refunds,"
                + " adjustments from ledger_checkpoint order by id desc limit 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return new Mark(0, 0, 0, 0, 0, 0, Terms.ZERO);
            }
            return new Mark(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    new Terms(rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10),
                            rs.getBigDecimal(11)));
        }
    }

    private static Mark now(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select (select coalesce(max(id), 0) from journal_entry),"
                + " (select coalesce(max(id), 0) from posting), (select coalesce(max(id), 0) from transfer),"
                + " (select coalesce(max(id), 0) from owed_item), (select coalesce(max(id), 0) from exchange),"
                + " (select coalesce(max(id), 0) from sandbox_gateway_request)");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Mark(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    null);
        }
    }

    /** How the equation's terms moved since {@code from}: new postings, and exchanges recorded with new entries. */
    private static Terms termsSince(Connection c, Mark from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(termsSql(from)); ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Terms(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                    rs.getBigDecimal(5));
        }
    }

    private static String termsSql(Mark from) {
        String newPostings = " from posting p join account a on a.id = p.account_id where p.id > " + from.posting();
        String byEntryKind = " from posting p join journal_entry e on e.id = p.entry_id"
                + " join account a on a.id = p.account_id and a.kind = 'PARTICIPANT'"
                + " where p.id > " + from.posting() + " and e.id > " + from.entry();
        String recorded = " from exchange where entry_id > " + from.entry() + " and status = 'SUCCEEDED'";
        return "select"
                + " (select coalesce(sum(p.amount), 0)" + newPostings + " and a.kind in ('PARTICIPANT', 'PENDING_TRANSFERS')),"
                + " (select coalesce(sum(amount - fee), 0)" + recorded + " and kind = 'CHARGE'),"
                + " (select coalesce(sum(amount + fee), 0)" + recorded + " and kind = 'PAYOUT' and refund_id is null),"
                + " (select coalesce(sum(p.amount), 0)" + byEntryKind + " and e.kind = 'REFUND'),"
                + " (select coalesce(sum(p.amount), 0)" + byEntryKind
                + "    and e.kind in ('OPENING_BALANCE', 'PAYMENT_IN', 'CREDIT', 'DEBIT', 'CHARGEBACK', 'REVERSAL'))";
    }

    private static void advance(Connection c, Mark from, Mark to, Terms terms, Long paydayId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into ledger_checkpoint_balance (account_id, total)"
                + " select account_id, sum(amount) from posting where id > ? group by account_id"
                + " on conflict (account_id) do update set total = ledger_checkpoint_balance.total + excluded.total")) {
            s.setLong(1, from.posting());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("insert into ledger_checkpoint (payday_id, through_entry,"
                + " through_posting, through_transfer, through_owed_item, through_exchange, through_sandbox, held,"
                + " charged_net, paid_out, refunds, adjustments) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, paydayId);
            s.setLong(2, to.entry());
            s.setLong(3, to.posting());
            s.setLong(4, to.transfer());
            s.setLong(5, to.owedItem());
            s.setLong(6, to.exchange());
            s.setLong(7, to.sandbox());
            s.setBigDecimal(8, terms.held());
            s.setBigDecimal(9, terms.chargedNet());
            s.setBigDecimal(10, terms.paidOut());
            s.setBigDecimal(11, terms.refunds());
            s.setBigDecimal(12, terms.adjustments());
            s.executeUpdate();
        }
    }
}
