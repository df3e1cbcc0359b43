package org.paydesk.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Writes many rows on one connection inside the caller's transaction, the way {@code demo} and a
 * large {@code import} do: each table is one COPY, and where the role may, the foreign keys of a
 * table are checked in one set-based query after its COPY instead of row by row.
 *
 * <p>Checking foreign keys row by row is most of the cost of a large load: each check is a query
 * that also locks the referenced row ({@code FOR KEY SHARE}), which writes to that row's page. For
 * {@link #copyCheckingKeysAfter} the session's {@code session_replication_role} is {@code replica}
 * during the COPY, so PostgreSQL's foreign-key triggers do not fire for its rows; the caller's
 * query then counts the rows whose keys point nowhere, and the COPY fails (and with it the
 * transaction) unless there are none. The setting is the session's own and {@code SET LOCAL}: no
 * table lock, no catalog change another session could see, and it ends with the transaction at
 * the latest. It switches off every trigger of the table written, so it is refused for the
 * ledger's tables ({@link #LEDGER_TABLES}): the posting trigger keeps balances and refuses entries
 * that do not sum to zero, and account's notes changed accounts for the ledger checkpoint
 * (src/docs/ledger.md). The participant and tip tables have no insert triggers but the foreign
 * keys' (V45's triggers on them refuse deletes, truncation and a change of id). Only a superuser may
 * change the setting; for other roles, and with {@link ForeignKeyChecks#PER_ROW}, the keys are
 * checked by the database row by row as for any insert.
 */
public final class BulkLoad {

    /** How the foreign keys of the rows written by {@link #copyCheckingKeysAfter} are checked. */
    public enum ForeignKeyChecks {
        /** By the database, row by row, as for any insert. */
        PER_ROW,
        /** In one query per table after its COPY when the role may switch the checks off; else per row. */
        IN_BULK_WHEN_ALLOWED
    }

    /** Writes the rows of one COPY. */
    @FunctionalInterface
    public interface Rows {
        void write(CopyStream copy) throws SQLException;
    }

    /** The tables whose triggers are never switched off, not even for one COPY. */
    public static final Set<String> LEDGER_TABLES = Set.of("journal_entry", "posting", "account");

    /** The participant table's trigram indexes (searches by username and display name). */
    private static final String[] TRIGRAM_INDEXES = {
        "participant_username_trgm_idx", "participant_display_name_trgm_idx"
    };

    /** The steps of {@link #finish}: one per trigram index, then the statistics. */
    public static final int FINISHING_STEPS = TRIGRAM_INDEXES.length + 1;

    private final Connection c;
    private final boolean keysCheckedInBulk;

    /**
     * Tunes the transaction for bulk writing. The trigram indexes queue new entries in a pending
     * list and merge it in bulk within work_mem: 64MB lists merge far less often than the default
     * 4MB (a quarter less time for participants) and, unlike a 1GB list, leave no hundreds of MB of
     * emptied list pages in the index files.
     */
    public BulkLoad(Connection c, ForeignKeyChecks foreignKeyChecks) throws SQLException {
        this.c = c;
        execute("set local maintenance_work_mem = '256MB'");
        execute("set local work_mem = '128MB'");
        execute("set local gin_pending_list_limit = '64MB'");
        this.keysCheckedInBulk = foreignKeyChecks == ForeignKeyChecks.IN_BULK_WHEN_ALLOWED && isSuperuser();
    }

    /** True when {@link #copyCheckingKeysAfter} checks keys in one query rather than row by row. */
    public boolean checksKeysInBulk() {
        return keysCheckedInBulk;
    }

    /** One COPY into {@code table}, every trigger firing as for any insert; returns the rows written. */
    public long copy(String table, String columns, Rows rows) throws SQLException {
        try (CopyStream copy = CopyStream.open(c, table, columns)) {
            rows.write(copy);
            return copy.finish();
        }
    }

    /**
     * One COPY into {@code table} whose foreign keys are checked in bulk afterwards when allowed
     * (see the class comment). {@code orphansQuery} counts the rows written whose foreign keys point
     * nowhere; with any, an {@link IllegalStateException} ends the caller's transaction.
     */
    public long copyCheckingKeysAfter(String table, String columns, Rows rows, String orphansQuery)
            throws SQLException {
        if (LEDGER_TABLES.contains(table)) {
            throw new IllegalArgumentException(table + " is a ledger table: its triggers always fire");
        }
        if (!keysCheckedInBulk) {
            return copy(table, columns, rows);
        }
        long written;
        execute("set local session_replication_role = replica");
        try {
            written = copy(table, columns, rows);
        } catch (SQLException | RuntimeException e) {
            // A failed COPY has aborted the transaction, whose end resets the setting; else reset it now.
            try {
                execute("set local session_replication_role = origin");
            } catch (SQLException aborted) {
                e.addSuppressed(aborted);
            }
            throw e;
        }
        execute("set local session_replication_role = origin");
        long orphans = queryLong(orphansQuery);
        if (orphans > 0) {
            throw new IllegalStateException(orphans + " " + table
                    + " rows refer to rows that do not exist; nothing was written");
        }
        return written;
    }

    /**
     * Ends a load of participants: merges the trigram indexes' pending lists now rather than on the
     * first search, then fresh planner statistics of the {@code tables} written, inside the
     * transaction (they commit with it). {@code done} hears how many of the {@link #FINISHING_STEPS}
     * are done, before each step and after the last.
     */
    public void finish(IntConsumer done, String... tables) throws SQLException {
        for (int i = 0; i < TRIGRAM_INDEXES.length; i++) {
            done.accept(i);
            queryLong("select gin_clean_pending_list('" + TRIGRAM_INDEXES[i] + "'::regclass)");
        }
        done.accept(TRIGRAM_INDEXES.length);
        execute("analyze " + String.join(", ", tables));
        done.accept(FINISHING_STEPS);
    }

    /** For {@link #copyCheckingKeysAfter}: the participants with ids from {@code low} to {@code high} that have no account. */
    public static String participantsWithoutAccount(long low, long high) {
        return "select count(*) from participant p where p.id between " + low + " and " + high
                + " and not exists (select 1 from account a where a.id = p.id)";
    }

    /** For {@link #copyCheckingKeysAfter}: the tips with ids from {@code low} to {@code high} naming someone who is not a participant. */
    public static String tipsNamingNoParticipant(long low, long high) {
        return "select count(*) from tip t where t.id between " + low + " and " + high
                + " and (not exists (select 1 from participant p where p.id = t.tipper_id)"
                + " or not exists (select 1 from participant p where p.id = t.tippee_id))";
    }

    /** Only a superuser may switch off the triggers that check foreign keys. */
    private boolean isSuperuser() throws SQLException {
        return queryLong("select count(*) from pg_roles where rolname = current_user and rolsuper") > 0;
    }

    public long queryLong(String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
