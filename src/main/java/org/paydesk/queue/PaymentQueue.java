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
import org.paydesk.db.Edits;
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

    /** How long an identical item from the same caller counts as a probable duplicate. */
    public static final java.time.Duration DUPLICATE_WINDOW = java.time.Duration.ofMinutes(10);
    private static final int ADD_LOCK_SPACE = 0x51_0ADD;

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
    private final Edits edits;

    public PaymentQueue(Database database, ProcessorLock processor, AlsoWhileHeld alsoWhileHeld) {
        this.database = database;
        this.processor = processor;
        this.alsoWhileHeld = alsoWhileHeld;
        this.edits = new Edits(database);
    }

    /**
     * Queues a payment. A debit larger than the committed balance is refused now (and checked again
     * when processed); an external reference already used is refused.
     */
    public long add(Caller caller, PaymentKind kind, String username, BigDecimal amount, String reason, String externalRef) {
        return add(caller, kind, username, amount, reason, externalRef, false);
    }

    /**
     * Queues a payment as {@link #add(Caller, PaymentKind, String, BigDecimal, String, String)} does.
     * Without an external reference, an item identical to one the same caller queued in the last
     * {@link #DUPLICATE_WINDOW} (same participant, kind, amount and reason, not cancelled or failed)
     * is refused as a probable duplicate, so that retrying a command never applies a payment twice,
     * unless {@code force} says it is meant.
     */
    public long add(Caller caller, PaymentKind kind, String username, BigDecimal amount, String reason,
                    String externalRef, boolean force) {
        caller.require(Role.CLERK, "queue payments");
        BigDecimal cents = Money.cents(amount);
        String amountProblem = amountProblem(kind, cents);
        if (amountProblem != null) {
            throw new IllegalArgumentException(amountProblem);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        String reference = externalRef == null || externalRef.isBlank() ? null : externalRef.strip();
        return database.inTransaction(c -> {
            long participant = ParticipantDirectory.idOf(c, username);
            // One add per participant at a time, so two retries at once cannot both pass the checks below.
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, ADD_LOCK_SPACE);
                lock.setInt(2, Long.hashCode(participant));
                lock.execute();
            }
            if (reference != null) {
                refuseReferenceUsed(c, reference);
            } else if (!force) {
                refuseProbableDuplicate(c, caller, kind, participant, username, cents, reason.strip());
            }
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
                DataAccessException refused = new DataAccessException(e);
                if (refused.isViolationOf("queued_payment_external_ref_key")
                        || refused.isViolationOf("queued_payment_external_ref_ci_key")) {
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

    private static void refuseReferenceUsed(Connection c, String reference) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, external_ref from queued_payment"
                + " where lower(external_ref) = lower(?) order by id limit 1")) {
            s.setString(1, reference);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalArgumentException("the external reference '" + reference + "' was already queued as #"
                            + rs.getLong(1) + " ('" + rs.getString(2) + "'; references ignore case); the same payment"
                            + " cannot be queued twice");
                }
            }
        }
    }

    private static void refuseProbableDuplicate(Connection c, Caller caller, PaymentKind kind, long participant,
                                                String username, BigDecimal amount, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, status, to_char(queued_at, 'HH24:MI:SS')"
                + " from queued_payment where participant_id = ? and queued_by = ? and kind = ? and amount = ?"
                + " and lower(btrim(reason)) = lower(?) and status in ('QUEUED', 'DONE')"
                + " and queued_at > clock_timestamp() - ? * interval '1 second' order by id desc limit 1")) {
            s.setLong(1, participant);
            s.setLong(2, caller.staffId());
            s.setString(3, kind.name());
            s.setBigDecimal(4, amount);
            s.setString(5, reason);
            s.setLong(6, DUPLICATE_WINDOW.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new ProbableDuplicateException(rs.getLong(1), "a " + kind.label() + " of "
                            + amount.toPlainString() + " to " + username + " with this reason was already queued by "
                            + caller.username() + " at " + rs.getString(3) + " as #" + rs.getLong(1) + " ("
                            + rs.getString(2).toLowerCase(java.util.Locale.ROOT) + "): nothing was queued, as this looks"
                            + " like a retry. If it is a second payment, queue it with force (--force), or give each"
                            + " payment its external reference (--ref)");
                }
            }
        }
    }

    /** What is wrong with {@code amount} for a queued payment, or null: the rule the add form checks as the user types. */
    public static String amountProblem(PaymentKind kind, BigDecimal amount) {
        if (amount.signum() <= 0) {
            return "the amount must be positive, got " + amount.toPlainString();
        }
        try {
            Money.withinEntryLimit(amount, "a " + kind.label());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
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
        QueuedPayment.Status target = QueuedPayment.Status.valueOf(to);
        edits.edit(QueuedPaymentEntity.class, id, expectedVersion, "Queued payment #" + id, (session, item) -> {
            QueuedPayment.Status before = item.getStatus();
            boolean allowed = from == null ? before == QueuedPayment.Status.QUEUED || before == QueuedPayment.Status.FAILED
                    : before.name().equals(from);
            if (!allowed) {
                throw new IllegalStateException("queued payment #" + id + " is " + before + "; it cannot become " + to);
            }
            item.setStatus(target);
            if (target == QueuedPayment.Status.QUEUED) {
                item.clearError();
            }
            session.flush();
            session.doWork(c -> AuditLog.record(c, caller.staffId(), action, "queued_payment", Long.toString(id),
                    "{\"status\": \"" + before + "\"}", "{\"status\": \"" + to + "\"}", null));
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

    /**
     * One page of the queue, newest first: items with {@code status} (all when null) whose participant's
     * username contains {@code participantSearch} (all when blank), older than {@code beforeId} (from the
     * newest when null). A keyset on the id, so a deep page costs what the first one does.
     */
    public List<QueuedPayment> page(QueuedPayment.Status status, String participantSearch, Long beforeId, int limit) {
        String term = participantSearch == null ? "" : participantSearch.strip().toLowerCase(java.util.Locale.ROOT);
        StringBuilder sql = new StringBuilder(SELECT).append(" where q.id < ?");
        if (status != null) {
            sql.append(" and q.status = ?");
        }
        if (!term.isEmpty()) {
            sql.append(" and lower(p.username) like ? escape '\\'");
        }
        sql.append(" order by q.id desc limit ?");
        return database.read(c -> {
            List<QueuedPayment> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int i = 1;
                s.setLong(i++, beforeId == null ? Long.MAX_VALUE : beforeId);
                if (status != null) {
                    s.setString(i++, status.name());
                }
                if (!term.isEmpty()) {
                    s.setString(i++, "%" + ParticipantDirectory.escapeLike(term) + "%");
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

    /** Who holds the processor now (a payday, or a pass over the queue), if anyone: queued items wait for it. */
    public Optional<ProcessorLock.HolderInfo> processorHolder() {
        return processor.currentHolder();
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
