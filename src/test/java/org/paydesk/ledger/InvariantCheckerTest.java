package org.paydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** Each test corrupts its database on purpose, so each has its own: one's damage cannot fail or pass another. */
class InvariantCheckerTest {

    @Test
    void aHealthyLedgerPassesAndACorruptedCachedBalanceIsCaught() {
        try (Paydesk paydesk = Paydesk.wrap(TestDatabases.fresh())) {
            Fixtures.importJson(paydesk, """
                    {"participants": [{"username": "carol", "balance": "25.00"}, {"username": "dan", "balance": "3.10"}]}""");
            assertThat(paydesk.checker().runAll()).isNotEmpty().allMatch(CheckResult::ok);

            paydesk.database().inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("update account set committed = committed + 1.00"
                            + " where id = (select id from participant where username = 'carol')");
                }
                return null;
            });

            List<CheckResult> failed = paydesk.checker().runAll().stream().filter(r -> !r.ok()).toList();
            assertThat(failed).extracting(CheckResult::name).containsExactly("cached balances equal ledger sums");
            assertThat(failed.get(0).detail()).contains("carol").contains("cached 26.00").contains("ledger 25.00");
        }
    }

    @Test
    void aTransferThatNamesOtherPartiesThanItsTipIsCaught() {
        try (Paydesk paydesk = Paydesk.wrap(TestDatabases.fresh())) {
            Fixtures.importJson(paydesk, """
                    {"participants": [{"username": "erin", "balance": "5.00"}, {"username": "finn"}, {"username": "gus"}],
                     "tips": [{"tipper": "erin", "tippee": "finn", "amount": "1.00"}]}""");
            assertThat(paydesk.checker().runAll()).as("healthy before the corruption").isNotEmpty().allMatch(CheckResult::ok);
            paydesk.database().inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into payday (ts_start, started_by) values (now(), 1)");
                    s.executeUpdate("insert into journal_entry (id, kind) values (999, 'TIP_TRANSFER')");
                    s.executeUpdate("insert into posting (entry_id, account_id, amount) select 999, id, -1.00 from participant"
                            + " where username = 'erin' union all select 999, id, 1.00 from participant where username = 'gus'");
                    s.executeUpdate("insert into transfer (payday_id, tip_id, tipper_id, tippee_id, amount, entry_id)"
                            + " select p.id, t.id, t.tipper_id, (select id from participant where username = 'gus'), 1.00, 999"
                            + " from tip t, payday p");
                }
                return null;
            });
            List<CheckResult> failed = paydesk.checker().runAll().stream().filter(r -> !r.ok()).toList();
            assertThat(failed).extracting(CheckResult::name)
                    .containsExactly("transfers and owed amounts name the same tipper and tippee as their tip");
        }
    }
}
