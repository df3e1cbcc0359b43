package org.paydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

@ExtendWith(DatabaseExtension.class)
class InvariantCheckerTest {

    @Test
    void aHealthyLedgerPassesAndACorruptedCachedBalanceIsCaught(Paydesk paydesk) {
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
