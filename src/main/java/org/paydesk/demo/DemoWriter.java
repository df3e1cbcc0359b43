package org.paydesk.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.paydesk.demo.DemoGenerator.Progress;
import org.paydesk.demo.DemoPlatform.Member;
import org.paydesk.demo.DemoPlatform.PlannedTip;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.Ledger;

/**
 * Writes a {@link DemoPlatform} into an empty database on one connection, inside the caller's
 * transaction. Each table is one COPY with ids reserved up front, so no row needs a round trip;
 * the opening balances' postings are one COPY too, so the posting trigger checks whole entries.
 *
 * <p>Checking foreign keys row by row is most of the cost of a large platform (five million
 * checks for a million participants). When the role may (superuser, as with the embedded
 * server), the participant and tip tables' foreign-key triggers are off during their COPY, as
 * {@code pg_dump --disable-triggers} does, and the same keys are checked in one set-based query
 * per table before they are switched back on, inside the same transaction. The ledger's posting
 * trigger is never switched off.
 */
final class DemoWriter {

    /** How the foreign keys of the participant and tip rows are checked. */
    enum ForeignKeyChecks {
        /** By the database, row by row, as for any insert. */
        PER_ROW,
        /** In one query per table after its COPY when the role may switch the triggers off; else per row. */
        IN_BULK_WHEN_ALLOWED
    }

    private static final int PROGRESS_EVERY = 20_000;
    private static final String[] WRITTEN_TABLES = {"account", "participant", "journal_entry", "posting", "tip"};
    private static final String[] TRIGRAM_INDEXES = {
        "participant_username_trgm_idx", "participant_display_name_trgm_idx"
    };

    private final Connection c;
    private final DemoPlatform platform;
    private final Progress progress;
    private final ForeignKeyChecks foreignKeyChecks;
    private final long[] openingBalanceCents;
    private long firstParticipantId;
    private boolean foreignKeysCheckedInBulk;

    DemoWriter(Connection c, DemoPlatform platform, Progress progress, ForeignKeyChecks foreignKeyChecks) {
        this.c = c;
        this.platform = platform;
        this.progress = progress;
        this.foreignKeyChecks = foreignKeyChecks;
        this.openingBalanceCents = new long[platform.participants()];
    }

    /** Writes the whole platform; returns how many tip rows were written. */
    long write() throws SQLException {
        lockWrittenTables();
        refuseUnlessEmpty();
        tuneSession();
        foreignKeysCheckedInBulk = foreignKeyChecks == ForeignKeyChecks.IN_BULK_WHEN_ALLOWED && isSuperuser();
        writeAccounts();
        writeParticipants();
        writeOpeningBalances();
        long tips = writeTips();
        finishIndexesAndStatistics();
        return tips;
    }

    // ------------------------------------------------------------- preparing

    /** Nobody else inserts meanwhile, so the ids reserved below are ours and the emptiness check holds. */
    private void lockWrittenTables() throws SQLException {
        execute("set local lock_timeout = '10s'");
        execute("lock table " + String.join(", ", WRITTEN_TABLES) + " in exclusive mode");
    }

    private void refuseUnlessEmpty() throws SQLException {
        long existing = queryLong("select count(*) from participant");
        if (existing > 0) {
            throw new IllegalStateException("The database already has " + existing + " participant"
                    + (existing == 1 ? "" : "s") + "; demo data is only generated into an empty database. "
                    + "Use a new data folder (--data-dir) or database. Nothing was written.");
        }
    }

    /**
     * The trigram indexes queue new entries in a pending list and merge it in bulk within work_mem:
     * 64MB lists merge far less often than the default 4MB (a quarter less time for participants)
     * and, unlike a 1GB list, leave no hundreds of MB of emptied list pages in the index files.
     */
    private void tuneSession() throws SQLException {
        execute("set local synchronous_commit = off");
        execute("set local maintenance_work_mem = '256MB'");
        execute("set local work_mem = '128MB'");
        execute("set local gin_pending_list_limit = '64MB'");
    }

    // ---------------------------------------------------------- participants

    private void writeAccounts() throws SQLException {
        int total = platform.participants();
        firstParticipantId = reserveIds("account", total);
        try (CopyStream copy = CopyStream.open(c, "account", "id, kind")) {
            for (int index = 0; index < total; index++) {
                copy.value(participantId(index)).value(AccountKind.PARTICIPANT.name()).endRow();
                report("accounts", index + 1, total);
            }
            copy.finish();
        }
    }

    /** In username order, which the username indexes take far better than random order. */
    private void writeParticipants() throws SQLException {
        int total = platform.participants();
        int[] order = platform.indexesInUsernameOrder();
        beforeCopy("participant");
        try (CopyStream copy = CopyStream.open(c, "participant",
                "id, username, display_name, created_at, claimed_at, review, card_token, bank_token")) {
            for (int written = 0; written < total; written++) {
                int index = order[written];
                Member member = platform.member(index);
                copy.value(participantId(index)).value(member.username()).value(member.displayName())
                        .timestamp(member.createdAt());
                if (member.claimed()) {
                    copy.timestamp(member.createdAt());
                } else {
                    copy.value(null);
                }
                copy.value(member.review().name()).value(member.card()).value(member.bank()).endRow();
                openingBalanceCents[index] = member.openingBalanceCents();
                report("participants", written + 1, total);
            }
            copy.finish();
        }
        afterCopy("participant", "select count(*) from participant p where not exists"
                + " (select 1 from account a where a.id = p.id)");
    }

    // ------------------------------------------------------- opening balances

    /** One OPENING_BALANCE entry per funded participant: clearing pays, the participant receives. */
    private void writeOpeningBalances() throws SQLException {
        Ledger ledger = Ledger.load(c);
        long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
        long staff = queryLong("select id from staff where is_system");
        int entries = countOpeningBalances();
        if (entries == 0) {
            return;
        }
        long firstEntryId = reserveIds("journal_entry", entries);
        writeEntries(firstEntryId, entries, staff);
        writePostings(firstEntryId, entries, clearing);
    }

    private void writeEntries(long firstEntryId, int entries, long staff) throws SQLException {
        try (CopyStream copy = CopyStream.open(c, "journal_entry", "id, kind, staff_id, description, created_at")) {
            long entryId = firstEntryId;
            for (int index = 0; index < openingBalanceCents.length; index++) {
                if (openingBalanceCents[index] > 0) {
                    copy.value(entryId++).value(EntryKind.OPENING_BALANCE.name()).value(staff)
                            .value("opening balance (demo)").timestamp(platform.createdAt(index) + 60).endRow();
                    report("opening balances", entryId - firstEntryId, entries);
                }
            }
            copy.finish();
        }
    }

    private void writePostings(long firstEntryId, int entries, long clearing) throws SQLException {
        long postingId = reserveIds("posting", 2L * entries);
        try (CopyStream copy = CopyStream.open(c, "posting", "id, entry_id, account_id, amount")) {
            long entryId = firstEntryId;
            for (int index = 0; index < openingBalanceCents.length; index++) {
                long cents = openingBalanceCents[index];
                if (cents > 0) {
                    copy.value(postingId++).value(entryId).value(clearing).cents(-cents).endRow();
                    copy.value(postingId++).value(entryId).value(participantId(index)).cents(cents).endRow();
                    entryId++;
                }
            }
            copy.finish();
        }
    }

    private int countOpeningBalances() {
        int count = 0;
        for (long cents : openingBalanceCents) {
            if (cents > 0) {
                count++;
            }
        }
        return count;
    }

    // ------------------------------------------------------------------ tips

    private long writeTips() throws SQLException {
        int total = platform.participants();
        long firstTipId = firstFreeId("tip");
        long tipId = firstTipId;
        beforeCopy("tip");
        try (CopyStream copy = CopyStream.open(c, "tip", "id, tipper_id, tippee_id, amount, created_at")) {
            for (int index = 0; index < total; index++) {
                for (PlannedTip tip : platform.tipsOf(index)) {
                    copy.value(tipId++).value(participantId(tip.tipper())).value(participantId(tip.tippee()))
                            .cents(tip.cents()).timestamp(tip.createdAt()).endRow();
                }
                report("tips", index + 1, total);
            }
            copy.finish();
        }
        afterCopy("tip", "select count(*) from tip t"
                + " where not exists (select 1 from participant p where p.id = t.tipper_id)"
                + " or not exists (select 1 from participant p where p.id = t.tippee_id)");
        long written = tipId - firstTipId;
        if (written > 0) {
            claimIdsThrough("tip", tipId - 1);
        }
        return written;
    }

    // ------------------------------------------------------- foreign keys

    /** Only a superuser may switch off the triggers that check foreign keys. */
    private boolean isSuperuser() throws SQLException {
        return queryLong("select count(*) from pg_roles where rolname = current_user and rolsuper") > 0;
    }

    private void beforeCopy(String table) throws SQLException {
        if (foreignKeysCheckedInBulk) {
            execute("alter table " + table + " disable trigger all");
        }
    }

    /** {@code orphansQuery} counts the rows whose foreign keys point nowhere; there must be none. */
    private void afterCopy(String table, String orphansQuery) throws SQLException {
        if (foreignKeysCheckedInBulk) {
            long orphans = queryLong(orphansQuery);
            if (orphans > 0) {
                throw new IllegalStateException(orphans + " generated " + table
                        + " rows refer to rows that do not exist; nothing was written");
            }
            execute("alter table " + table + " enable trigger all");
        }
    }

    // ---------------------------------------------------------------- ending

    /** Merges the trigram indexes' pending lists now rather than on the first search, then ANALYZE. */
    private void finishIndexesAndStatistics() throws SQLException {
        int steps = TRIGRAM_INDEXES.length + 1;
        for (int i = 0; i < TRIGRAM_INDEXES.length; i++) {
            progress.update("indexes and statistics", i, steps);
            queryLong("select gin_clean_pending_list('" + TRIGRAM_INDEXES[i] + "'::regclass)");
        }
        progress.update("indexes and statistics", TRIGRAM_INDEXES.length, steps);
        execute("analyze " + String.join(", ", WRITTEN_TABLES));
        progress.update("indexes and statistics", steps, steps);
    }

    // --------------------------------------------------------------- helpers

    private long participantId(int index) {
        return firstParticipantId + index;
    }

    private void report(String step, long done, long total) {
        if (done % PROGRESS_EVERY == 0 || done == total) {
            progress.update(step, done, total);
        }
    }

    /** Reserves {@code count} consecutive ids of {@code table}'s sequence; returns the first. */
    private long reserveIds(String table, long count) throws SQLException {
        long first = firstFreeId(table);
        claimIdsThrough(table, first + count - 1);
        return first;
    }

    private long firstFreeId(String table) throws SQLException {
        return queryLong("select nextval(pg_get_serial_sequence('" + table + "', 'id'))");
    }

    private void claimIdsThrough(String table, long lastId) throws SQLException {
        queryLong("select setval(pg_get_serial_sequence('" + table + "', 'id'), " + lastId + ")");
    }

    private long queryLong(String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
