package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.settings.InvalidSettingException;
import org.paydesk.settings.SettingsStore;
import org.paydesk.testing.Platform;

/** Amounts are bounded where they enter (queue, settings), each refusal naming its limit, so nothing can overflow. */
class AmountBoundsTest {

    private static final String PLATFORM = """
            {"participants": [{"username": "alice", "review": "WHITELISTED", "balance": "10.00"}]}""";

    @Test
    void aQueuedAmountAboveTheLimitForOneAmountIsRefused() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();

            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.CREDIT, "alice", new BigDecimal("999999999999.99"),
                    "typo", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a credit of 999999999999.99 is above the limit of 100000000.00 for one amount");
            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.CHARGEBACK, "alice", new BigDecimal("100000000.01"),
                    "typo", null)).hasMessageContaining("above the limit of 100000000.00");
            assertThat(p.count("select count(*) from queued_payment")).isZero();
        }
    }

    @Test
    void moneyInThatWouldTakeThePlatformAboveItsLimitIsRefusedWhenQueuedAndWhenProcessed() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            long queued = queue.add(p.clerk, PaymentKind.PAYMENT_IN, "alice", new BigDecimal("50.00"), "cheque 17", null);
            // A platform already near the limit (as data from before the limit could be):
            p.paydesk.database().inTransaction(c -> {
                Ledger ledger = Ledger.load(c);
                return ledger.post(c, JournalEntry.transfer(EntryKind.OPENING_BALANCE,
                        ledger.systemAccount(AccountKind.GATEWAY_CLEARING), ParticipantDirectory.idOf(c, "alice"),
                        new BigDecimal("99999999960.00"), null, null, "near the limit"));
            });

            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.PAYMENT_IN, "alice", new BigDecimal("40.01"),
                    "cheque 18", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a payment in of 40.01 would take what participants hold together from 99999999970.00"
                            + " above the platform's limit of 100000000000.00");
            queue.processQueued(p.clerk);

            QueuedPayment item = queue.get(queued);
            assertThat(item.status()).isEqualTo(QueuedPayment.Status.FAILED);
            assertThat(item.error()).contains("above the platform's limit of 100000000000.00");
            assertThat(p.balance("alice")).isEqualByComparingTo("99999999970.00");
            queue.add(p.clerk, PaymentKind.DEBIT, "alice", new BigDecimal("5.00"), "money out is never limited", null);
        }
    }

    @Test
    void feeSettingsAboveTheirLimitsAreRefusedNamingTheLimit() {
        try (Platform p = new Platform(PLATFORM)) {
            SettingsStore store = new SettingsStore(p.paydesk.database());
            assertThatThrownBy(() -> store.update(p.admin, "charge.fixed_fee", "5000.00"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("fee settings: charge fixed fee must be at most 1000.00, got 5000.00");
            assertThatThrownBy(() -> store.update(p.admin, "payout.minimum", "1000000"))
                    .hasMessageContaining("minimum payout must be at most 1000.00");
            assertThatThrownBy(() -> store.update(p.admin, "charge.rate", "3"))
                    .hasMessage("fee settings: charge rate must be between 1 and 2, got 3");
            assertThat(store.load().fees().chargeFixedFee()).isEqualByComparingTo("0.30");
        }
    }
}
