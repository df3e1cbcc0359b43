package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.participants.ParticipantDirectory;

/**
 * Outcomes that cannot be recorded (here: the clearing account would overflow numeric(14,2), as a
 * balance imported before the limits could make it) go to the error list; the run carries on to
 * its end instead of failing the same way on every resume, and {@code check} reports the exchanges
 * left open.
 */
class RecordFailureTest {

    private static final String PLATFORM = """
            {"participants": [
              {"username": "creator", "review": "WHITELISTED"},
              {"username": "whale", "review": "UNREVIEWED"},
              {"username": "t1", "review": "WHITELISTED", "card": "card_ok"},
              {"username": "t2", "review": "WHITELISTED", "card": "card_ok"},
              {"username": "t3", "review": "WHITELISTED", "balance": "20.00"}],
             "tips": [{"tipper": "t1", "tippee": "creator", "amount": "5.00"},
                      {"tipper": "t2", "tippee": "creator", "amount": "6.00"},
                      {"tipper": "t3", "tippee": "creator", "amount": "7.00"}]}""";

    @Test
    void chargesThatCannotBeRecordedGoToTheErrorListAndThePaydayFinishes() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.paydesk.database().inTransaction(c -> {
                Ledger ledger = Ledger.load(c);
                return ledger.post(c, JournalEntry.transfer(EntryKind.OPENING_BALANCE,
                        ledger.systemAccount(AccountKind.GATEWAY_CLEARING), ParticipantDirectory.idOf(c, "whale"),
                        new BigDecimal("999999999979.99"), null, null, "imported before the limits"));
            });

            PaydayStats stats = f.run();

            assertThat(f.rows("select phase, ts_end is not null from payday")).containsExactly("DONE | t");
            List<PaydayError> errors = f.paydesk.paydays().errors(stats.id());
            assertThat(errors).extracting(PaydayError::participant).containsExactlyInAnyOrder("t1", "t2");
            assertThat(errors).allSatisfy(e -> assertThat(e.message()).startsWith("could not record the outcome (succeeded) of payday-")
                    .contains("an amount is too large").endsWith("the exchange stays open until it is reconciled"));
            assertThat(f.rows("select status, error is not null from exchange where kind = 'CHARGE' order by id"))
                    .containsExactly("INTENT | t", "INTENT | t");
            assertThat(f.balance("t3")).as("the others' pay-in went on").isEqualByComparingTo("13.00");
            assertThat(f.balance("creator")).isEqualByComparingTo("7.00");
            assertThat(f.owed("t1")).isEqualByComparingTo("5.00");

            List<CheckResult> failed = f.paydesk.checker().runAll().stream().filter(r -> !r.ok()).toList();
            assertThat(failed).extracting(CheckResult::name)
                    .containsExactly("no gateway exchange is left open (in intent or unknown) outside a running payday");
            assertThat(failed.get(0).detail()).contains("CHARGE payday-" + stats.id() + "-charge-").contains("of t1 is INTENT");
        }
    }
}
