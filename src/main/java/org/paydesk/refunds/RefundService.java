package org.paydesk.refunds;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.staff.Role;

/**
 * Refund requests with four eyes (DESIGN §5): a clerk requests, a different approver approves or
 * rejects. The database refuses a decision by the requester too ({@code refund_four_eyes}).
 */
public final class RefundService {

    public enum Kind { TIP, FULL }

    public enum Status { REQUESTED, APPROVED, REJECTED, EXECUTED, FAILED }

    /** A refund as the approval screens show it. */
    public record Refund(long id, Kind kind, String participant, String tippee, List<Long> paydays, BigDecimal amount,
                         String reason, Status status, String requestedBy, Instant requestedAt, String decidedBy,
                         String decisionNote, String error, long version) {
    }

    private final Database database;

    public RefundService(Database database) {
        this.database = database;
    }

    /** Requests the return to {@code tipper} of what was transferred to {@code tippee} in the given paydays. */
    public long requestTipRefund(Caller caller, String tipper, String tippee, List<Long> paydayIds, String reason) {
        caller.require(Role.CLERK, "request refunds");
        requireReason(reason);
        if (paydayIds.isEmpty()) {
            throw new IllegalArgumentException("choose at least one payday to refund");
        }
        return database.inTransaction(c -> {
            long tipperId = ParticipantDirectory.idOf(c, tipper);
            long tippeeId = ParticipantDirectory.idOf(c, tippee);
            Long[] paydays = paydayIds.toArray(Long[]::new);
            try (PreparedStatement s = c.prepareStatement("select count(*) from refund where kind = 'TIP'"
                    + " and participant_id = ? and tippee_id = ? and payday_ids && ? and status not in ('REJECTED', 'FAILED')")) {
                s.setLong(1, tipperId);
                s.setLong(2, tippeeId);
                s.setArray(3, c.createArrayOf("bigint", paydays));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new IllegalArgumentException("a refund of some of these paydays from " + tippee + " to "
                                + tipper + " is already requested or done");
                    }
                }
            }
            BigDecimal amount;
            try (PreparedStatement s = c.prepareStatement("select coalesce(sum(amount), 0) from transfer"
                    + " where tipper_id = ? and tippee_id = ? and payday_id = any (?)")) {
                s.setLong(1, tipperId);
                s.setLong(2, tippeeId);
                s.setArray(3, c.createArrayOf("bigint", paydays));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    amount = rs.getBigDecimal(1);
                }
            }
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException(tipper + " transferred nothing to " + tippee + " in paydays " + paydayIds);
            }
            return insert(c, caller, Kind.TIP, tipperId, tippeeId, paydays, amount, reason);
        });
    }

    /** Requests that the participant's whole remaining balance be returned through the gateway. */
    public long requestFullRefund(Caller caller, String participant, String reason) {
        caller.require(Role.CLERK, "request refunds");
        requireReason(reason);
        return database.inTransaction(c -> insert(c, caller, Kind.FULL, ParticipantDirectory.idOf(c, participant), null, null, null, reason));
    }

    public void approve(Caller caller, long refundId, String note, long expectedVersion) {
        decide(caller, refundId, note, expectedVersion, Status.APPROVED);
    }

    public void reject(Caller caller, long refundId, String note, long expectedVersion) {
        decide(caller, refundId, note, expectedVersion, Status.REJECTED);
    }

    private void decide(Caller caller, long refundId, String note, long expectedVersion, Status decision) {
        caller.require(Role.APPROVER, decision == Status.APPROVED ? "approve refunds" : "reject refunds");
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a note is required with the decision");
        }
        database.inTransaction(c -> {
            Refund refund = find(c, refundId);
            if (refund.requestedBy().equals(caller.username())) {
                throw new NotAllowedException(caller.username() + " requested refund #" + refundId
                        + " and so cannot decide on it: another approver must (four eyes)");
            }
            if (refund.version() != expectedVersion) {
                throw new ConcurrentEditException("Refund #" + refundId);
            }
            if (refund.status() != Status.REQUESTED) {
                throw new IllegalStateException("refund #" + refundId + " is already " + refund.status());
            }
            try (PreparedStatement s = c.prepareStatement("update refund set status = ?, decided_by = ?, decided_at = now(),"
                    + " decision_note = ?, version = version + 1 where id = ? and version = ? and status = 'REQUESTED'")) {
                s.setString(1, decision.name());
                s.setLong(2, caller.staffId());
                s.setString(3, note.strip());
                s.setLong(4, refundId);
                s.setLong(5, expectedVersion);
                if (s.executeUpdate() != 1) {
                    throw new ConcurrentEditException("Refund #" + refundId);
                }
            } catch (SQLException e) {
                if (new DataAccessException(e).isViolationOf("refund_four_eyes")) {
                    throw new NotAllowedException("the requester of refund #" + refundId + " cannot decide on it (four eyes)");
                }
                throw e;
            }
            AuditLog.record(c, caller.staffId(), decision == Status.APPROVED ? "refund.approve" : "refund.reject",
                    "refund", Long.toString(refundId), "{\"status\": \"REQUESTED\"}",
                    "{\"status\": \"" + decision + "\"}", note.strip());
            return null;
        });
    }

    public List<Refund> list(Status status, int limit) {
        return database.read(c -> {
            List<Refund> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + (status == null ? "" : " where r.status = ?")
                    + " order by r.id desc limit ?")) {
                int i = 1;
                if (status != null) {
                    s.setString(i++, status.name());
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs));
                    }
                }
            }
            return rows;
        });
    }

    public Refund get(long id) {
        return database.read(c -> find(c, id));
    }

    private static final String SELECT = "select r.id, r.kind, p.username, t.username, r.payday_ids, r.amount, r.reason,"
            + " r.status, rq.username, r.requested_at, d.username, r.decision_note, r.error, r.version from refund r"
            + " join participant p on p.id = r.participant_id left join participant t on t.id = r.tippee_id"
            + " join staff rq on rq.id = r.requested_by left join staff d on d.id = r.decided_by";

    private static Refund find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " where r.id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no refund #" + id);
                }
                return read(rs);
            }
        }
    }

    private static Refund read(ResultSet rs) throws SQLException {
        List<Long> paydays = new ArrayList<>();
        java.sql.Array array = rs.getArray(5);
        if (array != null) {
            for (Object id : (Object[]) array.getArray()) {
                paydays.add(((Number) id).longValue());
            }
        }
        Timestamp requested = rs.getTimestamp(10);
        return new Refund(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), paydays,
                rs.getBigDecimal(6), rs.getString(7), Status.valueOf(rs.getString(8)), rs.getString(9),
                requested.toInstant(), rs.getString(11), rs.getString(12), rs.getString(13), rs.getLong(14));
    }

    private static long insert(Connection c, Caller caller, Kind kind, long participant, Long tippee, Long[] paydays,
                               BigDecimal amount, String reason) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("insert into refund (kind, participant_id, tippee_id, payday_ids,"
                + " amount, reason, requested_by) values (?, ?, ?, ?, ?, ?, ?) returning id")) {
            s.setString(1, kind.name());
            s.setLong(2, participant);
            s.setObject(3, tippee);
            s.setArray(4, paydays == null ? null : c.createArrayOf("bigint", paydays));
            s.setBigDecimal(5, amount);
            s.setString(6, reason.strip());
            s.setLong(7, caller.staffId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        AuditLog.record(c, caller.staffId(), "refund.request", "refund", Long.toString(id), null,
                "{\"kind\": \"" + kind + "\", \"amount\": " + (amount == null ? "null" : "\"" + amount.toPlainString() + "\"")
                        + "}", reason.strip());
        return id;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
    }
}
