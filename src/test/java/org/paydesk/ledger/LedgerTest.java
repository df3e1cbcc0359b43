package org.paydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

@ExtendWith(DatabaseExtension.class)
class LedgerTest {

    private static long alice;
    private static long bob;

    @BeforeAll
    static void participants(Paydesk paydesk) {
        Fixtures.importJson(paydesk, """
                {"participants": [
                  {"username": "alice", "balance": "10.00"},
                  {"username": "bob"}
                ]}""");
        paydesk.database().read(c -> {
            alice = Fixtures.participantId(c, "alice");
            bob = Fixtures.participantId(c, "bob");
            return null;
        });
    }

    private static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    @Test
    void anEntryMovesMoneyAndKeepsTheCachedBalanceEqualToTheLedger(Paydesk paydesk) {
        // Two participants of this test's own, so the figures below are exact whatever else the class did.
        Fixtures.importJson(paydesk, """
                {"participants": [{"username": "mover", "balance": "10.00"}, {"username": "receiver"}]}""");
        Database db = paydesk.database();
        long mover = db.read(c -> Fixtures.participantId(c, "mover"));
        long receiver = db.read(c -> Fixtures.participantId(c, "receiver"));
        assertBalances(db, mover, "10.00");
        assertBalances(db, receiver, "0.00");

        long entry = db.inTransaction(c -> Ledger.load(c).post(c, JournalEntry.transfer(EntryKind.CREDIT, mover, receiver,
                money("2.50"), null, null, "test transfer")));

        assertBalances(db, mover, "7.50");
        assertBalances(db, receiver, "2.50");
        assertThat(postingsOf(db, entry)).containsExactlyInAnyOrder(mover + " -2.50", receiver + " 2.50");
    }

    /** Both the cached balance and the sum of the ledger's postings are exactly {@code expected}. */
    private static void assertBalances(Database db, long account, String expected) {
        db.read(c -> {
            assertThat(Ledger.ledgerBalance(c, account)).as("ledger sum of account %d", account).isEqualByComparingTo(expected);
            assertThat(Ledger.committedBalance(c, account)).as("cached balance of account %d", account)
                    .isEqualByComparingTo(expected);
            return null;
        });
    }

    private static List<String> postingsOf(Database db, long entry) {
        return db.read(c -> {
            List<String> rows = new java.util.ArrayList<>();
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("select account_id, amount from posting where entry_id = " + entry)) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getBigDecimal(2).toPlainString());
                }
            }
            return rows;
        });
    }

    /*
     * The database's own refusal of unbalanced entries, written around the JournalEntry type with
     * plain SQL (JournalEntry cannot even be built unbalanced, so posting one through Java proves
     * nothing about the database).
     */

    @Test
    void theDatabaseRefusesPostingsThatUnbalanceAnEntryInALaterStatementOfTheTransaction(Database db) {
        Snapshot before = Snapshot.of(db);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            long entry = insertEntry(c);
            insertPostings(c, entry + ", " + bob + ", 5.00), (" + entry + ", " + alice + ", -5.00");
            assertThat(postingCount(c, entry)).as("the balanced first statement went in").isEqualTo(2);
            insertPostings(c, entry + ", " + bob + ", 1.00");
            return null;
        })).satisfies(LedgerTest::isUnbalancedRefusal);
        assertThat(Snapshot.of(db)).as("the whole transaction was rolled back").isEqualTo(before);
    }

    @Test
    void theDatabaseRefusesAnEntryWrittenLegByLegAcrossStatements(Database db) {
        // The two legs would balance by the end of the transaction, but an entry must balance after
        // every statement: its postings are written in one statement (V1__schema.sql).
        Snapshot before = Snapshot.of(db);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            long entry = insertEntry(c);
            insertPostings(c, entry + ", " + bob + ", 5.00");
            insertPostings(c, entry + ", " + alice + ", -5.00");
            return null;
        })).satisfies(LedgerTest::isUnbalancedRefusal);
        assertThat(Snapshot.of(db)).isEqualTo(before);
    }

    @Test
    void theDatabaseRefusesTwoEntriesThatOnlyBalanceTogether(Database db) {
        // One statement whose postings sum to zero, but neither entry does on its own.
        Snapshot before = Snapshot.of(db);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            long first = insertEntry(c);
            long second = insertEntry(c);
            insertPostings(c, first + ", " + bob + ", 3.00), (" + first + ", " + alice + ", 2.00), ("
                    + second + ", " + alice + ", -4.00), (" + second + ", " + bob + ", -1.00");
            return null;
        })).satisfies(LedgerTest::isUnbalancedRefusal);
        assertThat(Snapshot.of(db)).isEqualTo(before);
    }

    private static void isUnbalancedRefusal(Throwable e) {
        assertThat(e).isInstanceOf(DataAccessException.class).hasMessageContaining("does not balance");
        assertThat(((DataAccessException) e).sqlState()).isEqualTo("P0002");
    }

    /** What the refused transactions must leave untouched: postings, entries and the two balances. */
    private record Snapshot(long postings, long entries, BigDecimal aliceBalance, BigDecimal bobBalance,
                            long unbalancedEntries) {
        static Snapshot of(Database db) {
            return db.read(c -> new Snapshot(Fixtures.count(c, "select count(*) from posting"),
                    Fixtures.count(c, "select count(*) from journal_entry"),
                    Ledger.committedBalance(c, LedgerTest.alice), Ledger.committedBalance(c, LedgerTest.bob),
                    Fixtures.count(c, "select count(*) from (select entry_id from posting group by entry_id"
                            + " having sum(amount) <> 0) x")));
        }
    }

    private static void insertPostings(Connection c, String values) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into posting (entry_id, account_id, amount) values (" + values + ")");
        }
    }

    private static long postingCount(Connection c, long entry) throws SQLException {
        return Fixtures.count(c, "select count(*) from posting where entry_id = " + entry);
    }

    @Test
    void javaRefusesAnUnbalancedEntry() {
        assertThatThrownBy(() -> new JournalEntry(EntryKind.CREDIT, null, null, null,
                List.of(new Posting(1, money("1.00")), new Posting(2, money("-0.99")))))
                .hasMessageContaining("does not balance");
        assertThatThrownBy(() -> new JournalEntry(EntryKind.CREDIT, null, null, null, List.of(new Posting(1, money("1.00")))))
                .hasMessageContaining("at least two");
    }

    @Test
    void theDatabaseRefusesAnUnbalancedEntryWrittenInOneStatement(Database db) {
        Snapshot before = Snapshot.of(db);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            long entry = insertEntry(c);
            insertPostings(c, entry + ", " + bob + ", 5.00), (" + entry + ", " + alice + ", -4.99");
            return null;
        })).satisfies(LedgerTest::isUnbalancedRefusal);
        assertThat(Snapshot.of(db)).isEqualTo(before);
    }

    @Test
    void theDatabaseRefusesANegativeCommittedBalanceAndWritesNothing(Database db) {
        BigDecimal before = db.read(c -> Ledger.ledgerBalance(c, alice));
        assertThatThrownBy(() -> db.inTransaction(c -> {
            Ledger ledger = Ledger.load(c);
            ledger.post(c, JournalEntry.transfer(EntryKind.DEBIT, alice, ledger.systemAccount(AccountKind.ADJUSTMENTS),
                    before.add(money("0.01")), null, null, "too much"));
            return null;
        })).isInstanceOf(NegativeBalanceException.class);
        BigDecimal ledgerAfter = db.read(c -> Ledger.ledgerBalance(c, alice));
        BigDecimal cachedAfter = db.read(c -> Ledger.committedBalance(c, alice));
        assertThat(ledgerAfter).isEqualByComparingTo(before);
        assertThat(cachedAfter).isEqualByComparingTo(before);
    }

    @Test
    void theCheckConstraintHoldsEvenAgainstRawSql(Database db) {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update account set committed = -1 where id = " + bob);
            }
            return null;
        })).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).constraint())
                        .isEqualTo("participant_committed_not_negative"));
    }

    @Test
    void postingsCannotBeUpdatedOrDeleted(Database db) {
        for (String sql : List.of("update posting set amount = amount * 2", "delete from posting",
                "update journal_entry set description = 'x'", "delete from journal_entry", "truncate posting cascade")) {
            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return null;
            })).as(sql).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        }
    }

    private static long insertEntry(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("insert into journal_entry (kind) values ('CREDIT') returning id")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
