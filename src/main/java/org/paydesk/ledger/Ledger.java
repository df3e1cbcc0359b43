package org.paydesk.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.paydesk.db.BulkLoad;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.SequenceIds;

/**
 * Writes journal entries and reads balances. Entries are written on the caller's connection so
 * they commit or roll back with the rest of the caller's unit of work. The database checks again
 * that every entry balances and that no participant's committed balance goes below zero.
 */
public final class Ledger {

    static final String NOT_NEGATIVE_CONSTRAINT = "participant_committed_not_negative";

    private final Map<AccountKind, Long> systemAccounts;

    private Ledger(Map<AccountKind, Long> systemAccounts) {
        this.systemAccounts = systemAccounts;
    }

    /** Reads the ids of the system accounts, created by the schema migration. */
    public static Ledger load(Connection c) throws SQLException {
        Map<AccountKind, Long> ids = new EnumMap<>(AccountKind.class);
        try (PreparedStatement s = c.prepareStatement("select kind, id from account where kind <> 'PARTICIPANT'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.put(AccountKind.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        for (AccountKind kind : AccountKind.values()) {
            if (kind != AccountKind.PARTICIPANT && !ids.containsKey(kind)) {
                throw new IllegalStateException("system account " + kind + " is missing from the database");
            }
        }
        return new Ledger(ids);
    }

    public long systemAccount(AccountKind kind) {
        Long id = systemAccounts.get(kind);
        if (id == null) {
            throw new IllegalArgumentException(kind + " is not a system account");
        }
        return id;
    }

    /**
     * Writes {@code entry} and returns its id. Throws {@link NegativeBalanceException} when it would
     * take a participant below zero; the caller's transaction must then be rolled back.
     */
    public long post(Connection c, JournalEntry entry) throws SQLException {
        return postAll(c, List.of(entry))[0];
    }

    /**
     * Writes many entries in three statements (for batch work such as a payday) and returns their
     * ids in order. All postings go in one statement, so the database checks them all at once.
     */
    public long[] postAll(Connection c, List<JournalEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return new long[0];
        }
        long[] ids = SequenceIds.next(c, "journal_entry_id_seq", entries.size());
        int postingCount = entries.stream().mapToInt(e -> e.postings().size()).sum();
        Long[] entryIds = new Long[entries.size()];
        String[] kinds = new String[entries.size()];
        Long[] paydays = new Long[entries.size()];
        Long[] staff = new Long[entries.size()];
        String[] descriptions = new String[entries.size()];
        Long[] postingEntries = new Long[postingCount];
        Long[] postingAccounts = new Long[postingCount];
        BigDecimal[] postingAmounts = new BigDecimal[postingCount];
        int p = 0;
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            entryIds[i] = ids[i];
            kinds[i] = entry.kind().name();
            paydays[i] = entry.paydayId();
            staff[i] = entry.staffId();
            descriptions[i] = entry.description();
            for (Posting posting : entry.postings()) {
                postingEntries[p] = ids[i];
                postingAccounts[p] = posting.accountId();
                postingAmounts[p] = posting.amount();
                p++;
            }
        }
        try (PreparedStatement s = c.prepareStatement("insert into journal_entry (id, kind, payday_id, staff_id, description)"
                + " select * from unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[])")) {
            s.setArray(1, c.createArrayOf("bigint", entryIds));
            s.setArray(2, c.createArrayOf("text", kinds));
            s.setArray(3, c.createArrayOf("bigint", paydays));
            s.setArray(4, c.createArrayOf("bigint", staff));
            s.setArray(5, c.createArrayOf("text", descriptions));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("insert into posting (entry_id, account_id, amount)"
                + " select * from unnest(?::bigint[], ?::bigint[], ?::numeric[])")) {
            s.setArray(1, c.createArrayOf("bigint", postingEntries));
            s.setArray(2, c.createArrayOf("bigint", postingAccounts));
            s.setArray(3, c.createArrayOf("numeric", postingAmounts));
            s.executeUpdate();
        } catch (SQLException e) {
            throw refusedIfNegative(e, entries);
        }
        return ids;
    }

    /**
     * As {@link #postAll}, for bulk loads such as a large import: the entries are one COPY and all
     * their postings another, so the posting trigger checks every entry and moves each cached
     * balance once, when the second ends. Returns the entries' ids in order.
     */
    public long[] postInBulk(Connection c, BulkLoad bulk, List<JournalEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return new long[0];
        }
        long[] ids = SequenceIds.next(c, "journal_entry_id_seq", entries.size());
        bulk.copy("journal_entry", "id, kind, payday_id, staff_id, description", copy -> {
            for (int i = 0; i < entries.size(); i++) {
                JournalEntry entry = entries.get(i);
                copy.value(ids[i]).value(entry.kind().name()).nullable(entry.paydayId()).nullable(entry.staffId())
                        .value(entry.description()).endRow();
            }
        });
        try {
            bulk.copy("posting", "entry_id, account_id, amount", copy -> {
                for (int i = 0; i < entries.size(); i++) {
                    for (Posting posting : entries.get(i).postings()) {
                        copy.value(ids[i]).value(posting.accountId()).amount(posting.amount()).endRow();
                    }
                }
            });
        } catch (SQLException e) {
            throw refusedIfNegative(e, entries);
        }
        return ids;
    }

    private static SQLException refusedIfNegative(SQLException e, List<JournalEntry> entries) {
        if (new DataAccessException(e).isViolationOf(NOT_NEGATIVE_CONSTRAINT)) {
            String refused = entries.stream().map(entry -> entry.kind().name()).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
            throw new NegativeBalanceException(refused + " refused: it would take a committed balance below zero", e);
        }
        return e;
    }

    /**
     * SETTLE (DESIGN §6.4): moves every participant's pending amount to committed in one entry of
     * payday {@code paydayId}, set-based (a posting per participant with something pending, one off
     * the pending-transfers account); returns the entry's id, or 0 when nothing was pending.
     */
    public long settlePending(Connection c, long paydayId) throws SQLException {
        long entry = 0;
        try (PreparedStatement s = c.prepareStatement("insert into journal_entry (kind, payday_id, description)"
                + " select 'SETTLE', ?, 'pending to committed' where exists (select 1 from account"
                + " where kind = 'PARTICIPANT' and pending > 0) returning id")) {
            s.setLong(1, paydayId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    entry = rs.getLong(1);
                }
            }
        }
        if (entry == 0) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("insert into posting (entry_id, account_id, amount)"
                + " select ?::bigint, id, pending from account where kind = 'PARTICIPANT' and pending > 0"
                + " union all select ?::bigint, ?::bigint, -sum(pending) from account"
                + " where kind = 'PARTICIPANT' and pending > 0")) {
            s.setLong(1, entry);
            s.setLong(2, entry);
            s.setLong(3, systemAccount(AccountKind.PENDING_TRANSFERS));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("update account set pending = 0 where pending <> 0")) {
            s.executeUpdate();
        }
        return entry;
    }

    /**
     * What all participants hold together (committed): every entry sums to zero, so it is what the
     * system accounts hold, negated, read from a handful of rows rather than every account.
     */
    public BigDecimal participantsTotal(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(-sum(committed), 0) from account where id = any (?)")) {
            s.setArray(1, c.createArrayOf("bigint", systemAccounts.values().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** The committed balance of an account, from the cached column kept by the posting trigger. */
    public static BigDecimal committedBalance(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select committed from account where id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no account " + accountId);
                }
                return rs.getBigDecimal(1);
            }
        }
    }

    /**
     * The committed balance of an account, locking its row until the transaction ends, so no one
     * else moves it between this read and the caller's entry.
     */
    public static BigDecimal lockedCommittedBalance(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select committed from account where id = ? for update")) {
            s.setLong(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no account " + accountId);
                }
                return rs.getBigDecimal(1);
            }
        }
    }

    /** The committed balance of an account summed from its postings (the ledger's own truth). */
    public static BigDecimal ledgerBalance(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select coalesce(sum(amount), 0.00) from posting where account_id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).setScale(2);
            }
        }
    }
}
