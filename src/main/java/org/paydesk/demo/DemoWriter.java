package org.paydesk.demo;

import java.sql.Connection;
import java.sql.SQLException;
import org.paydesk.db.BulkLoad;
import org.paydesk.db.BulkLoad.ForeignKeyChecks;
import org.paydesk.demo.DemoGenerator.Progress;
import org.paydesk.demo.DemoPlatform.Member;
import org.paydesk.demo.DemoPlatform.PlannedTip;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.Ledger;

/**
 * Writes a {@link DemoPlatform} into an empty database on one connection, inside the caller's
 * transaction, through a {@link BulkLoad}: each table is one COPY with ids reserved up front, so no
 * row needs a round trip; the opening balances' postings are one COPY too, so the posting trigger
 * checks whole entries. The participant and tip tables' foreign keys are checked in one set-based
 * query each after their COPY when the role may (see {@link BulkLoad}); the ledger's posting
 * trigger always fires.
 */
final class DemoWriter {

    private static final int PROGRESS_EVERY = 20_000;
    private static final String[] WRITTEN_TABLES = {"account", "participant", "journal_entry", "posting", "tip"};

    private final Connection c;
    private final DemoPlatform platform;
    private final Progress progress;
    private final ForeignKeyChecks foreignKeyChecks;
    private final long[] openingBalanceCents;
    private BulkLoad bulk;
    private long firstParticipantId;

    DemoWriter(Connection c, DemoPlatform platform, Progress progress, ForeignKeyChecks foreignKeyChecks) {
        this.c = c;
        this.platform = platform;
        this.progress = progress;
        this.foreignKeyChecks = foreignKeyChecks;
        this.openingBalanceCents = new long[platform.participants()];
    }

    /** Writes the whole platform; returns how many tip rows were written. */
    long write() throws SQLException {
        bulk = new BulkLoad(c, foreignKeyChecks);
        lockWrittenTables();
        refuseUnlessEmpty();
        bulk.execute("set local synchronous_commit = off");
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
        bulk.execute("set local lock_timeout = '10s'");
        bulk.execute("lock table " + String.join(", ", WRITTEN_TABLES) + " in exclusive mode");
    }

    private void refuseUnlessEmpty() throws SQLException {
        long existing = bulk.queryLong("select count(*) from participant");
        if (existing > 0) {
            throw new IllegalStateException("The database already has " + existing + " participant"
                    + (existing == 1 ? "" : "s") + "; demo data is only generated into an empty database. "
                    + "Use a new data folder (--data-dir) or database. Nothing was written.");
        }
    }

    // ---------------------------------------------------------- participants

    private void writeAccounts() throws SQLException {
        int total = platform.participants();
        firstParticipantId = reserveIds("account", total);
        bulk.copy("account", "id, kind", copy -> {
            for (int index = 0; index < total; index++) {
                copy.value(participantId(index)).value(AccountKind.PARTICIPANT.name()).endRow();
                report("accounts", index + 1, total);
            }
        });
    }

    /** In username order, which the username indexes take far better than random order. */
    private void writeParticipants() throws SQLException {
        int total = platform.participants();
        int[] order = platform.indexesInUsernameOrder();
        bulk.copyCheckingKeysAfter("participant",
                "id, username, display_name, created_at, claimed_at, review, card_token, bank_token", copy -> {
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
        }, BulkLoad.participantsWithoutAccount(participantId(0), participantId(total - 1)));
    }

    // ------------------------------------------------------- opening balances

    /** One OPENING_BALANCE entry per funded participant: clearing pays, the participant receives. */
    private void writeOpeningBalances() throws SQLException {
        Ledger ledger = Ledger.load(c);
        long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
        long staff = bulk.queryLong("select id from staff where is_system");
        int entries = countOpeningBalances();
        if (entries == 0) {
            return;
        }
        long firstEntryId = reserveIds("journal_entry", entries);
        writeEntries(firstEntryId, entries, staff);
        writePostings(firstEntryId, entries, clearing);
    }

    private void writeEntries(long firstEntryId, int entries, long staff) throws SQLException {
        bulk.copy("journal_entry", "id, kind, staff_id, description, created_at", copy -> {
            long entryId = firstEntryId;
            for (int index = 0; index < openingBalanceCents.length; index++) {
                if (openingBalanceCents[index] > 0) {
                    copy.value(entryId++).value(EntryKind.OPENING_BALANCE.name()).value(staff)
                            .value("opening balance (demo)").timestamp(platform.createdAt(index) + 60).endRow();
                    report("opening balances", entryId - firstEntryId, entries);
                }
            }
        });
    }

    private void writePostings(long firstEntryId, int entries, long clearing) throws SQLException {
        long firstPostingId = reserveIds("posting", 2L * entries);
        bulk.copy("posting", "id, entry_id, account_id, amount", copy -> {
            long postingId = firstPostingId;
            long entryId = firstEntryId;
            for (int index = 0; index < openingBalanceCents.length; index++) {
                long cents = openingBalanceCents[index];
                if (cents > 0) {
                    copy.value(postingId++).value(entryId).value(clearing).cents(-cents).endRow();
                    copy.value(postingId++).value(entryId).value(participantId(index)).cents(cents).endRow();
                    entryId++;
                }
            }
        });
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
        long[] tipId = {firstTipId};
        bulk.copyCheckingKeysAfter("tip", "id, tipper_id, tippee_id, amount, created_at", copy -> {
            for (int index = 0; index < total; index++) {
                for (PlannedTip tip : platform.tipsOf(index)) {
                    copy.value(tipId[0]++).value(participantId(tip.tipper())).value(participantId(tip.tippee()))
                            .cents(tip.cents()).timestamp(tip.createdAt()).endRow();
                }
                report("tips", index + 1, total);
            }
        }, BulkLoad.tipsNamingNoParticipant(firstTipId, Long.MAX_VALUE)); // the count is known only after the COPY
        long written = tipId[0] - firstTipId;
        if (written > 0) {
            claimIdsThrough("tip", tipId[0] - 1);
        }
        return written;
    }

    // ---------------------------------------------------------------- ending

    /** Merges the trigram indexes' pending lists now rather than on the first search, then ANALYZE. */
    private void finishIndexesAndStatistics() throws SQLException {
        bulk.finish(done -> progress.update("indexes and statistics", done, BulkLoad.FINISHING_STEPS), WRITTEN_TABLES);
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
        return bulk.queryLong("select nextval(pg_get_serial_sequence('" + table + "', 'id'))");
    }

    private void claimIdsThrough(String table, long lastId) throws SQLException {
        bulk.queryLong("select setval(pg_get_serial_sequence('" + table + "', 'id'), " + lastId + ")");
    }
}
