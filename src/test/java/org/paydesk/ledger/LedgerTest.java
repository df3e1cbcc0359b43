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
    void anEntryMovesMoneyAndKeepsTheCachedBalanceEqualToTheLedger(Database db) {
        db.inTransaction(c -> {
            Ledger ledger = Ledger.load(c);
            ledger.post(c, JournalEntry.transfer(EntryKind.CREDIT, ledger.systemAccount(AccountKind.ADJUSTMENTS), bob,
                    money("2.50"), null, null, "test credit"));
            return null;
        });
        db.read(c -> {
            assertThat(Ledger.committedBalance(c, bob)).isEqualByComparingTo(Ledger.ledgerBalance(c, bob));
            assertThat(Ledger.ledgerBalance(c, bob)).isGreaterThanOrEqualTo(money("2.50"));
            return null;
        });
    }

    @Test
    void everyEntryInTheDatabaseSumsToZero(Database db) {
        db.inTransaction(c -> {
            Ledger ledger = Ledger.load(c);
            ledger.post(c, JournalEntry.builder(EntryKind.CHARGE)
                    .post(ledger.systemAccount(AccountKind.GATEWAY_CLEARING), money("-10.00"))
                    .post(ledger.systemAccount(AccountKind.PLATFORM_FEES), money("0.68"))
                    .post(bob, money("9.32"))
                    .build());
            return null;
        });
        long unbalanced = db.read(c -> Fixtures.count(c,
                "select count(*) from (select entry_id from posting group by entry_id having sum(amount) <> 0) x"));
        assertThat(unbalanced).isZero();
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
    void theDatabaseRefusesAnUnbalancedEntry(Database db) {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            long entry = insertEntry(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into posting (entry_id, account_id, amount) values (" + entry + ", " + bob
                        + ", 5.00), (" + entry + ", " + alice + ", -4.99)");
            }
            return null;
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("does not balance");
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
