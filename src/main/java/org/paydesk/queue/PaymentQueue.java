package org.paydesk.queue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.db.Transactions;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.money.Money;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.processor.ProcessorLostException;
import org.paydesk.processor.Workstation;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/**
 * Manual balance changes (DESIGN §4): staff queue them, the one serial processor applies them,
 * each in its own transaction. An item that fails is marked with its error and the queue carries
 * on; staff may retry or cancel it.
 */
public final class PaymentQueue {

    /** What one pass over the queue did. */
    public record ProcessResult(int done, int failed) {
    }

    /** Runs extra work (approved refunds) while a pass holds the processor, on its fenced transactions. */
    @FunctionalInterface
    public interface AlsoWhileHeld {
        AlsoWhileHeld NOTHING = fenced -> { };

        void run(Transactions fenced);
    }

    private final Database database;
    private final ProcessorLock processor;
    private final AlsoWhileHeld alsoWhileHeld;

    public PaymentQueue(Database database, ProcessorLock processor, AlsoWhileHeld alsoWhileHeld) {
        this.database = database;
        this.processor = processor;
        this.alsoWhileHeld = alsoWhileHeld;
    }

    /**
     * Queues a payment. A debit larger than the committed balance is refused now (and checked again
     * when processed); an external reference already used is refused.
     */
    public long add(Caller caller, PaymentKind kind, String username, BigDecimal amount, String reason, String externalRef) {
        caller.require(Role.CLERK, "queue payments");
        BigDecimal cents = Money.cents(amount);
        if (cents.signum() <= 0) {
            throw new IllegalArgumentException("the amount must be positive, got " + cents.toPlainString());
        }
        Money.withinEntryLimit(cents, "a " + kind.label());
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        String reference = externalRef == null || externalRef.isBlank() ? null : externalRef.strip();
        return database.inTransaction(c -> {
            long participant = ParticipantDirectory.idOf(c, username);
            if (kind.bringsMoneyIn()) {
                Money.requireWithinPlatformTotal(Ledger.load(c).participantsTotal(c), cents, "a " + kind.label());
            }
            if (kind == PaymentKind.DEBIT) {
                BigDecimal balance = Ledger.committedBalance(c, participant);
                if (balance.compareTo(cents) < 0) {
                    throw new IllegalArgumentException("a debit of " + cents.toPlainString() + " is larger than "
                            + username + "'s committed balance of " + balance.toPlainString());
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("insert into queued_payment (kind, participant_id, amount,"
                    + " reason, external_ref, queued_by) values (?, ?, ?, ?, ?, ?) returning id")) {
                s.setString(1, kind.name());
                s.setLong(2, participant);
                s.setBigDecimal(3, cents);
                s.setString(4, reason.strip());
                s.setString(5, reference);
                s.setLong(6, caller.staffId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                if (new DataAccessException(e).isViolationOf("queued_payment_external_ref_key")) {
                    throw new IllegalArgumentException("the external reference '" + reference
                            + "' was already queued; the same payment cannot be queued twice");
                }
                throw e;
            }
            AuditLog.record(c, caller.staffId(), "queue.add", "queued_payment", Long.toString(id), null,
                    "{\"kind\": \"" + kind + "\", \"participant\": \"" + username + "\", \"amount\": \""
                            + cents.toPlainString() + "\"}", reason.strip());
            return id;
        });
    }

    /**
     * Takes the processor and applies every queued item, oldest first. Throws
     * {@link org.paydesk.processor.ProcessorBusyException} when a payday or another processor runs.
     */
    public ProcessResult processQueued(Caller caller) {
        caller.require(Role.CLERK, "process the payment queue");
        try (ProcessorLock.Held held = processor.acquire(caller.staffId(), caller.username(), Workstation.hostName(),
                "The payment queue")) {
            Transactions fenced = held.fenced();
            alsoWhileHeld.run(fenced);
            int done = 0;
            int failed = 0;
            for (long id : queuedIds()) {
                if (processOne(fenced, id)) {
                    done++;
                } else {
                    failed++;
                }
            }
            return new ProcessResult(done, failed);
        }
    }

    /** Whether anything waits for the processor: queued payments or approved refunds. */
    public boolean hasWork() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select exists (select 1 from queued_payment where status = 'QUEUED')"
                    + " or exists (select 1 from refund where status = 'APPROVED')"); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    private List<Long> queuedIds() {
        return database.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id from queued_payment where status = 'QUEUED' order by id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    /** Applies one item in its own transaction; on failure marks it FAILED with the reason. */
    private boolean processOne(Transactions fenced, long id) {
        try {
            fenced.inTransaction(c -> {
                apply(c, id);
                return null;
            });
            return true;
        } catch (ProcessorLostException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e instanceof DataAccessException ? "the database refused it: " + e.getMessage() : e.getMessage();
            fenced.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("update queued_payment set status = 'FAILED', error = ?,"
                        + " attempts = attempts + 1, processed_at = clock_timestamp(), version = version + 1"
                        + " where id = ? and status = 'QUEUED'")) {
                    s.setString(1, message);
                    s.setLong(2, id);
                    s.executeUpdate();
                }
                return null;
            });
            return false;
        }
    }

    private void apply(Connection c, long id) throws SQLException {
        PaymentKind kind;
        long participant;
        BigDecimal amount;
        String reason;
        long staff;
        try (PreparedStatement s = c.prepareStatement("select kind, participant_id, amount, reason, queued_by"
                + " from queued_payment where id = ? and status = 'QUEUED' for update")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                kind = PaymentKind.valueOf(rs.getString(1));
                participant = rs.getLong(2);
                amount = rs.getBigDecimal(3);
                reason = rs.getString(4);
                staff = rs.getLong(5);
            }
        }
        Ledger ledger = Ledger.load(c);
        if (kind.bringsMoneyIn()) {
            Money.requireWithinPlatformTotal(ledger.participantsTotal(c), amount, "a " + kind.label());
        }
        BigDecimal balance = Ledger.lockedCommittedBalance(c, participant);
        String note = null;
        String description = "queued payment #" + id + ": " + reason;
        JournalEntry entry = switch (kind) {
            case PAYMENT_IN -> JournalEntry.transfer(EntryKind.PAYMENT_IN, ledger.systemAccount(AccountKind.GATEWAY_CLEARING),
                    participant, amount, null, staff, description);
            case CREDIT -> JournalEntry.transfer(EntryKind.CREDIT, ledger.systemAccount(AccountKind.ADJUSTMENTS),
                    participant, amount, null, staff, description);
            case DEBIT -> {
                if (balance.compareTo(amount) < 0) {
                    throw new IllegalStateException("a debit of " + amount.toPlainString() + " is larger than the"
                            + " committed balance of " + balance.toPlainString() + "; nothing was applied");
                }
                yield JournalEntry.transfer(EntryKind.DEBIT, participant, ledger.systemAccount(AccountKind.ADJUSTMENTS),
                        amount, null, staff, description);
            }
            case CHARGEBACK -> {
                BigDecimal taken = balance.min(amount);
                BigDecimal lost = amount.subtract(taken);
                JournalEntry.Builder chargeback = JournalEntry.builder(EntryKind.CHARGEBACK).staff(staff)
                        .description(description).post(ledger.systemAccount(AccountKind.GATEWAY_CLEARING), amount);
                if (taken.signum() > 0) {
                    chargeback.post(participant, taken.negate());
                }
                if (lost.signum() > 0) {
                    chargeback.post(ledger.systemAccount(AccountKind.UNCOLLECTABLE_LOSSES), lost.negate());
                    note = "the balance covered only " + taken.toPlainString() + " of " + amount.toPlainString()
                            + "; " + lost.toPlainString() + " was posted to uncollectable losses";
                }
                yield chargeback.build();
            }
        };
        long entryId = ledger.post(c, entry);
        try (PreparedStatement s = c.prepareStatement("update queued_payment set status = 'DONE', entry_id = ?, error = ?,"
                + " attempts = attempts + 1, processed_at = clock_timestamp(), version = version + 1 where id = ?")) {
            s.setLong(1, entryId);
            s.setString(2, note);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    /** Puts a failed item back in the queue. */
    public void retry(Caller caller, long id, long expectedVersion) {
        caller.require(Role.CLERK, "retry queued payments");
        changeStatus(caller, id, expectedVersion, "FAILED", "QUEUED", "queue.retry");
    }

    /** Takes a queued or failed item out of the queue for good. */
    public void cancel(Caller caller, long id, long expectedVersion) {
        caller.require(Role.CLERK, "cancel queued payments");
        changeStatus(caller, id, expectedVersion, null, "CANCELLED", "queue.cancel");
    }

    private void changeStatus(Caller caller, long id, long expectedVersion, String from, String to, String action) {
        database.inTransaction(c -> {
            QueuedPayment before = find(c, id).orElseThrow(() -> new IllegalArgumentException("no queued payment #" + id));
            boolean allowed = from == null ? before.status() == QueuedPayment.Status.QUEUED
                    || before.status() == QueuedPayment.Status.FAILED : before.status().name().equals(from);
            if (before.version() != expectedVersion) {
                throw new ConcurrentEditException("Queued payment #" + id);
            }
            if (!allowed) {
                throw new IllegalStateException("queued payment #" + id + " is " + before.status() + "; it cannot become " + to);
            }
            try (PreparedStatement s = c.prepareStatement("update queued_payment set status = ?, error = case when ? = 'QUEUED'"
                    + " then null else error end, version = version + 1 where id = ? and version = ?")) {
                s.setString(1, to);
                s.setString(2, to);
                s.setLong(3, id);
                s.setLong(4, expectedVersion);
                if (s.executeUpdate() != 1) {
                    throw new ConcurrentEditException("Queued payment #" + id);
                }
            }
            AuditLog.record(c, caller.staffId(), action, "queued_payment", Long.toString(id),
                    "{\"status\": \"" + before.status() + "\"}", "{\"status\": \"" + to + "\"}", null);
            return null;
        });
    }

    public QueuedPayment get(long id) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where q.id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no queued payment #" + id);
                    }
                    return read(rs);
                }
            }
        });
    }

    public List<QueuedPayment> list(QueuedPayment.Status status, int limit) {
        return database.read(c -> {
            List<QueuedPayment> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + (status == null ? "" : " where q.status = ?")
                    + " order by q.id desc limit ?")) {
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

    /** Items that failed, or that were applied with a note (a clamped chargeback): the error list. */
    public List<QueuedPayment> errors(int limit) {
        return database.read(c -> {
            List<QueuedPayment> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " where q.error is not null order by q.id desc limit ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs));
                    }
                }
            }
            return rows;
        });
    }

    private static final String SELECT = "select q.id, q.kind, p.username, q.amount, q.reason, q.external_ref, q.status,"
            + " q.error, s.username, q.queued_at, q.processed_at, q.attempts, q.version from queued_payment q"
            + " join participant p on p.id = q.participant_id join staff s on s.id = q.queued_by";

    private static Optional<QueuedPayment> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " where q.id = ? for update of q")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static QueuedPayment read(ResultSet rs) throws SQLException {
        Timestamp processed = rs.getTimestamp(11);
        return new QueuedPayment(rs.getLong(1), PaymentKind.valueOf(rs.getString(2)), rs.getString(3), rs.getBigDecimal(4),
                rs.getString(5), rs.getString(6), QueuedPayment.Status.valueOf(rs.getString(7)), rs.getString(8),
                rs.getString(9), rs.getTimestamp(10).toInstant(), processed == null ? null : processed.toInstant(),
                rs.getInt(12), rs.getLong(13));
    }
}
