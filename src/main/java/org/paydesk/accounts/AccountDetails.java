package org.paydesk.accounts;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paydesk.db.Database;
import org.paydesk.participants.Review;

/**
 * Read-only projections of one participant for the account detail screen. Every list is newest
 * first and paged with a keyset: pass the id of the last row shown ({@code beforeId}, null for the
 * first page) and a limit.
 */
public final class AccountDetails {

    /** The participant and its balances; {@code version} is what a review change must name. */
    public record Summary(long id, String username, String displayName, Review review, Instant createdAt,
                          Instant claimedAt, BigDecimal committed, BigDecimal pending, BigDecimal owed,
                          String cardToken, String bankToken, String lastChargeResult, String lastPayoutResult,
                          long version) {

        /** Committed less owed, as the member sees it; may be below zero. */
        public BigDecimal visible() {
            return committed.subtract(owed);
        }
    }

    /** A tip row; {@code inForce} when it is the latest for its pair (an amount of zero ends a tip). */
    public record Tip(long id, String counterparty, BigDecimal amount, Instant createdAt, boolean inForce) {
    }

    /** One posting to the participant's account, with its journal entry and the other participant of it if any. */
    public record LedgerLine(long postingId, long entryId, Instant at, String kind, BigDecimal amount,
                             String counterparty, Long paydayId, String description) {
    }

    /** A charge, payout or card refund with the gateway's outcome. */
    public record Exchange(long id, String kind, BigDecimal amount, BigDecimal fee, String status, String error,
                           String idempotencyKey, String gatewayRef, Long paydayId, Instant createdAt) {
    }

    public record Queued(long id, String kind, BigDecimal amount, String status, String reason, String externalRef,
                         String error, String queuedBy, Instant queuedAt, Instant processedAt) {
    }

    public record Refund(long id, String kind, BigDecimal amount, String status, String reason, String tippee,
                         String requestedBy, Instant requestedAt, String decidedBy, String decisionNote,
                         String error) {
    }

    /** An audit row about the participant (review changes among them). */
    public record AuditRow(long id, Instant at, String staff, String action, String before, String after,
                           String detail) {
    }

    public enum Direction { GIVEN, RECEIVED }

    private final Database database;

    public AccountDetails(Database database) {
        this.database = database;
    }

    public Optional<Summary> summary(long participantId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select p.id, p.username, p.display_name, p.review,"
                    + " p.created_at, p.claimed_at, a.committed, a.pending, a.owed, p.card_token, p.bank_token,"
                    + " p.last_charge_result, p.last_payout_result, p.version"
                    + " from participant p join account a on a.id = p.id where p.id = ?")) {
                s.setLong(1, participantId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Summary(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Review.valueOf(rs.getString(4)), instant(rs, 5), instant(rs, 6), rs.getBigDecimal(7),
                            rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getString(13), rs.getLong(14)));
                }
            }
        });
    }

    /** Tips given or received, history included, newest first. */
    public List<Tip> tips(long participantId, Direction direction, Long beforeId, int limit) {
        String self = direction == Direction.GIVEN ? "tipper_id" : "tippee_id";
        String other = direction == Direction.GIVEN ? "tippee_id" : "tipper_id";
        String sql = "select t.id, o.username, t.amount, t.created_at, not exists (select 1 from tip n"
                + " where n.tipper_id = t.tipper_id and n.tippee_id = t.tippee_id"
                + " and (n.created_at, n.id) > (t.created_at, t.id)) as in_force"
                + " from tip t join participant o on o.id = t." + other
                + " where t." + self + " = ? and t.id < ? order by t.id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new Tip(rs.getLong(1), rs.getString(2),
                rs.getBigDecimal(3), instant(rs, 4), rs.getBoolean(5)));
    }

    /** Postings to the participant's account, newest first, each with its entry kind and counterparty. */
    public List<LedgerLine> ledger(long participantId, Long beforeId, int limit) {
        String sql = "select p.id, e.id, e.created_at, e.kind, p.amount,"
                + " array(select op.username from posting o join participant op on op.id = o.account_id"
                + "   where o.entry_id = e.id and o.account_id <> p.account_id limit " + (COUNTERPARTIES + 1) + "),"
                + " e.payday_id, e.description"
                + " from posting p join journal_entry e on e.id = p.entry_id"
                + " where p.account_id = ? and p.id < ? order by p.id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new LedgerLine(rs.getLong(1), rs.getLong(2),
                instant(rs, 3), rs.getString(4), rs.getBigDecimal(5), counterparties(rs.getArray(6)),
                (Long) rs.getObject(7), rs.getString(8)));
    }

    public List<Exchange> exchanges(long participantId, Long beforeId, int limit) {
        String sql = "select id, kind, amount, fee, status, error, idempotency_key, gateway_ref, payday_id, created_at"
                + " from exchange where participant_id = ? and id < ? order by id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new Exchange(rs.getLong(1), rs.getString(2),
                rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), (Long) rs.getObject(9), instant(rs, 10)));
    }

    public List<Queued> queued(long participantId, Long beforeId, int limit) {
        String sql = "select q.id, q.kind, q.amount, q.status, q.reason, q.external_ref, q.error, s.username,"
                + " q.queued_at, q.processed_at from queued_payment q join staff s on s.id = q.queued_by"
                + " where q.participant_id = ? and q.id < ? order by q.id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new Queued(rs.getLong(1), rs.getString(2),
                rs.getBigDecimal(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), instant(rs, 9), instant(rs, 10)));
    }

    public List<Refund> refunds(long participantId, Long beforeId, int limit) {
        String sql = "select r.id, r.kind, r.amount, r.status, r.reason, t.username, rq.username, r.requested_at,"
                + " d.username, r.decision_note, r.error from refund r"
                + " join staff rq on rq.id = r.requested_by left join staff d on d.id = r.decided_by"
                + " left join participant t on t.id = r.tippee_id"
                + " where r.participant_id = ? and r.id < ? order by r.id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new Refund(rs.getLong(1), rs.getString(2),
                rs.getBigDecimal(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                instant(rs, 8), rs.getString(9), rs.getString(10), rs.getString(11)));
    }

    /** Audit rows whose target is the participant; review changes have the action "participant.review". */
    public List<AuditRow> audit(long participantId, Long beforeId, int limit) {
        String sql = "select l.id, l.at, s.username, l.action, l.before::text, l.after::text, l.detail"
                + " from audit_log l join staff s on s.id = l.staff_id"
                + " where l.target_type = 'participant' and l.target_id = ?::text and l.id < ?"
                + " order by l.id desc limit ?";
        return list(sql, participantId, beforeId, limit, rs -> new AuditRow(rs.getLong(1), instant(rs, 2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
    }

    /** A batch entry (one TIP_TRANSFER per batch) has many other participants: name a few. */
    private static final int COUNTERPARTIES = 3;

    private static String counterparties(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        String[] names = (String[]) array.getArray();
        if (names.length == 0) {
            return null;
        }
        String shown = String.join(", ", java.util.Arrays.asList(names).subList(0, Math.min(names.length, COUNTERPARTIES)));
        return names.length > COUNTERPARTIES ? shown + ", …" : shown;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> list(String sql, long participantId, Long beforeId, int limit, RowReader<T> reader) {
        return database.read(c -> query(c, sql, participantId, beforeId, limit, reader));
    }

    private static <T> List<T> query(Connection c, String sql, long participantId, Long beforeId, int limit,
                                     RowReader<T> reader) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, participantId);
            s.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
            s.setInt(3, limit);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
