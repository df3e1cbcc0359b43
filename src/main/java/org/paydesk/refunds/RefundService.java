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
import org.paydesk.db.Edits;
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

    /**
     * A refund as the approval screens show it. {@code executedByPayday} is the payday whose run executed it,
     * null when the queue did (or it has not run).
     */
    public record Refund(long id, Kind kind, String participant, String tippee, List<Long> paydays, BigDecimal amount,
                         String reason, Status status, String requestedBy, Instant requestedAt, String decidedBy,
                         Instant decidedAt, String decisionNote, Instant executedAt, Long executedByPayday,
                         String error, long version) {
    }

    /** What a tipper transferred to one tippee in one payday, and whether a refund of it is already asked or done. */
    public record TipTransfer(String tippee, long paydayId, Instant paydayStart, BigDecimal amount, boolean refunded) {
    }

    /**
     * What an approver sees next to a request: the participant's committed balance now, the tippee's for a
     * tip refund (the refund comes out of it), and the transfers the refund concerns.
     */
    public record Context(BigDecimal participantBalance, BigDecimal tippeeBalance, List<TipTransfer> transfers) {
    }

    /** How many of a tipper's latest paydays the request form offers. */
    public static final int OFFERED_PAYDAYS = 26;

    private final Database database;
    private final Edits edits;

    public RefundService(Database database) {
        this.database = database;
        this.edits = new Edits(database);
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
            BigDecimal amount = transferred(c, tipperId, tippeeId, paydays);
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException(tipper + " transferred nothing to " + tippee + " in paydays " + paydayIds);
            }
            return insert(c, caller, Kind.TIP, tipperId, tippeeId, paydays, amount, reason);
        });
    }

    /** What a tip refund of these paydays would move back, as the request would compute it; nothing is written. */
    public BigDecimal previewTipRefund(String tipper, String tippee, List<Long> paydayIds) {
        if (paydayIds.isEmpty()) {
            return BigDecimal.ZERO.setScale(2);
        }
        return database.read(c -> transferred(c, ParticipantDirectory.idOf(c, tipper), ParticipantDirectory.idOf(c, tippee),
                paydayIds.toArray(Long[]::new)));
    }

    private static BigDecimal transferred(Connection c, long tipperId, long tippeeId, Long[] paydays) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(sum(amount), 0) from transfer"
                + " where tipper_id = ? and tippee_id = ? and payday_id = any (?)")) {
            s.setLong(1, tipperId);
            s.setLong(2, tippeeId);
            s.setArray(3, c.createArrayOf("bigint", paydays));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).setScale(2);
            }
        }
    }

    /**
     * What {@code tipper} transferred in their latest {@value #OFFERED_PAYDAYS} paydays with transfers, per tippee
     * and payday, newest first: the choices of the tip refund form.
     */
    public List<TipTransfer> tipTransfers(String tipper) {
        return database.read(c -> {
            long tipperId = ParticipantDirectory.idOf(c, tipper);
            try (PreparedStatement s = c.prepareStatement(TRANSFERS + " where t.tipper_id = ? and t.payday_id in"
                    + " (select distinct payday_id from transfer where tipper_id = ? order by payday_id desc limit ?)"
                    + " group by 1, 2, 3, t.tipper_id, t.tippee_id order by 2 desc, 1")) {
                s.setLong(1, tipperId);
                s.setLong(2, tipperId);
                s.setInt(3, OFFERED_PAYDAYS);
                return transfers(s);
            }
        });
    }

    /** The balances now and the transfers a refund concerns, for the approver. */
    public Context context(long refundId) {
        return database.read(c -> {
            long participant;
            Long tippee;
            Long[] paydays;
            try (PreparedStatement s = c.prepareStatement("select participant_id, tippee_id, payday_ids from refund where id = ?")) {
                s.setLong(1, refundId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no refund #" + refundId);
                    }
                    participant = rs.getLong(1);
                    tippee = rs.getObject(2) == null ? null : rs.getLong(2);
                    java.sql.Array array = rs.getArray(3);
                    paydays = array == null ? new Long[0] : java.util.Arrays.stream((Object[]) array.getArray())
                            .map(id -> ((Number) id).longValue()).toArray(Long[]::new);
                }
            }
            List<TipTransfer> transfers = List.of();
            if (tippee != null) {
                try (PreparedStatement s = c.prepareStatement(TRANSFERS + " where t.tipper_id = ? and t.tippee_id = ?"
                        + " and t.payday_id = any (?) group by 1, 2, 3, t.tipper_id, t.tippee_id order by 2 desc")) {
                    s.setLong(1, participant);
                    s.setLong(2, tippee);
                    s.setArray(3, c.createArrayOf("bigint", paydays));
                    transfers = transfers(s);
                }
            }
            return new Context(balance(c, participant), tippee == null ? null : balance(c, tippee), transfers);
        });
    }

    private static final String TRANSFERS = "select e.username, t.payday_id, d.ts_start, sum(t.amount),"
            + " exists (select 1 from refund r where r.kind = 'TIP' and r.participant_id = t.tipper_id"
            + " and r.tippee_id = t.tippee_id and t.payday_id = any (r.payday_ids) and r.status not in ('REJECTED', 'FAILED'))"
            + " from transfer t join participant e on e.id = t.tippee_id join payday d on d.id = t.payday_id";

    private static List<TipTransfer> transfers(PreparedStatement s) throws SQLException {
        List<TipTransfer> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new TipTransfer(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getBigDecimal(4), rs.getBoolean(5)));
            }
        }
        return rows;
    }

    private static BigDecimal balance(Connection c, long participant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select committed from account where id = ?")) {
            s.setLong(1, participant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
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
        String what = "Refund #" + refundId;
        try {
            edits.edit(RefundEntity.class, refundId, expectedVersion, what, (session, refund) -> {
                if (refund.getRequestedBy() == caller.staffId()) {
                    throw new NotAllowedException(caller.username() + " requested refund #" + refundId
                            + " and so cannot decide on it: another approver must (four eyes)");
                }
                if (refund.getStatus() != Status.REQUESTED) {
                    throw new IllegalStateException("refund #" + refundId + " is already " + refund.getStatus());
                }
                refund.decide(decision, caller.staffId(), note.strip());
                session.flush();
                session.doWork(c -> AuditLog.record(c, caller.staffId(),
                        decision == Status.APPROVED ? "refund.approve" : "refund.reject", "refund",
                        Long.toString(refundId), "{\"status\": \"REQUESTED\"}", "{\"status\": \"" + decision + "\"}",
                        note.strip()));
                return null;
            });
        } catch (DataAccessException e) {
            if (e.isViolationOf("refund_four_eyes")) {
                throw new NotAllowedException("the requester of refund #" + refundId + " cannot decide on it (four eyes)");
            }
            throw e;
        }
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

    /**
     * One page of refunds with one of {@code statuses} (all when empty), newest first, older than
     * {@code beforeId} (from the newest when null): a keyset on the id.
     */
    public List<Refund> page(java.util.Set<Status> statuses, Long beforeId, int limit) {
        return database.read(c -> {
            List<Refund> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " where r.id < ?"
                    + (statuses.isEmpty() ? "" : " and r.status = any (?)") + " order by r.id desc limit ?")) {
                int i = 1;
                s.setLong(i++, beforeId == null ? Long.MAX_VALUE : beforeId);
                if (!statuses.isEmpty()) {
                    s.setArray(i++, c.createArrayOf("text", statuses.stream().map(Enum::name).toArray()));
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
            + " r.status, rq.username, r.requested_at, d.username, r.decision_note, r.error, r.version, r.decided_at,"
            + " r.executed_at, (select pd.id from payday pd where r.executed_at >= pd.ts_start"
            + " and r.executed_at <= coalesce(pd.ts_end, 'infinity') order by pd.id desc limit 1) from refund r"
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
        Timestamp decided = rs.getTimestamp(15);
        Timestamp executed = rs.getTimestamp(16);
        long payday = rs.getLong(17);
        Long byPayday = rs.wasNull() ? null : payday;
        return new Refund(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), paydays,
                rs.getBigDecimal(6), rs.getString(7), Status.valueOf(rs.getString(8)), rs.getString(9),
                requested.toInstant(), rs.getString(11), decided == null ? null : decided.toInstant(), rs.getString(12),
                executed == null ? null : executed.toInstant(), byPayday, rs.getString(13), rs.getLong(14));
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
