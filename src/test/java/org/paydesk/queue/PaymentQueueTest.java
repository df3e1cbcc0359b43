package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.testing.Platform;

class PaymentQueueTest {

    private static final String PLATFORM = """
            {"participants": [{"username": "alice", "balance": "10.00"}, {"username": "bob", "balance": "3.00"}]}""";

    private static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    @Test
    void eachKindMovesTheBalanceAndTheQueueCarriesOnPastAFailure() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            long first = queue.add(p.clerk, PaymentKind.DEBIT, "alice", money("8.00"), "fee correction", null);
            long second = queue.add(p.clerk, PaymentKind.DEBIT, "alice", money("5.00"), "second debit", null);
            long third = queue.add(p.clerk, PaymentKind.PAYMENT_IN, "bob", money("20.00"), "cheque", "CHQ-1");
            long fourth = queue.add(p.clerk, PaymentKind.CREDIT, "bob", money("1.50"), "goodwill", null);

            PaymentQueue.ProcessResult result = queue.processQueued(p.clerk);

            assertThat(result).isEqualTo(new PaymentQueue.ProcessResult(3, 1));
            assertThat(p.balance("alice")).isEqualByComparingTo("2.00");
            assertThat(p.balance("bob")).isEqualByComparingTo("24.50");
            List<QueuedPayment> all = queue.list(null, 10);
            assertThat(all).filteredOn(q -> q.id() == second).singleElement().satisfies(q -> {
                assertThat(q.status()).isEqualTo(QueuedPayment.Status.FAILED);
                assertThat(q.error()).contains("a debit of 5.00 is larger than the committed balance of 2.00")
                        .contains("nothing was applied");
            });
            assertThat(all).filteredOn(q -> List.of(first, third, fourth).contains(q.id()))
                    .allMatch(q -> q.status() == QueuedPayment.Status.DONE);
            assertThat(queue.errors(10)).extracting(QueuedPayment::id).containsExactly(second);
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aDebitLargerThanTheBalanceIsRefusedAtQueueTimeWithNothingApplied() {
        try (Platform p = new Platform(PLATFORM)) {
            assertThatThrownBy(() -> p.paydesk.queue().add(p.clerk, PaymentKind.DEBIT, "bob", money("3.01"), "too much", null))
                    .hasMessage("a debit of 3.01 is larger than bob's committed balance of 3.00");
            assertThat(p.count("select count(*) from queued_payment")).isZero();
            assertThat(p.balance("bob")).isEqualByComparingTo("3.00");
        }
    }

    @Test
    void theSameExternalReferenceCannotBeQueuedTwice() {
        try (Platform p = new Platform(PLATFORM)) {
            p.paydesk.queue().add(p.clerk, PaymentKind.PAYMENT_IN, "bob", money("20.00"), "cheque", "CHQ-7");
            assertThatThrownBy(() -> p.paydesk.queue().add(p.clerk, PaymentKind.PAYMENT_IN, "alice", money("20.00"),
                    "the same cheque again", " CHQ-7 ")).hasMessageContaining("'CHQ-7' was already queued");
            assertThat(p.count("select count(*) from queued_payment")).isEqualTo(1);
        }
    }

    @Test
    void aChargebackLargerThanTheBalanceIsClampedToZeroWithTheRestToLosses() {
        try (Platform p = new Platform(PLATFORM)) {
            long id = p.paydesk.queue().add(p.clerk, PaymentKind.CHARGEBACK, "bob", money("10.00"), "disputed", null);
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(p.balance("bob")).isEqualByComparingTo("0.00");
            assertThat(p.count("select -committed * 100 from account where kind = 'UNCOLLECTABLE_LOSSES'")).isEqualTo(700);
            assertThat(p.paydesk.queue().errors(5)).singleElement().satisfies(q -> {
                assertThat(q.id()).isEqualTo(id);
                assertThat(q.status()).isEqualTo(QueuedPayment.Status.DONE);
                assertThat(q.error()).isEqualTo("the balance covered only 3.00 of 10.00; 7.00 was posted to uncollectable losses");
            });
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void failedItemsCanBeRetriedOrCancelledAndStaleEditsAreReported() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            queue.add(p.clerk, PaymentKind.DEBIT, "bob", money("3.00"), "first", null);
            long second = queue.add(p.clerk, PaymentKind.DEBIT, "bob", money("2.00"), "second", null);
            queue.processQueued(p.clerk);
            QueuedPayment failed = queue.list(QueuedPayment.Status.FAILED, 5).get(0);
            assertThat(failed.id()).isEqualTo(second);

            assertThatThrownBy(() -> queue.retry(p.clerk, second, failed.version() - 1))
                    .isInstanceOf(ConcurrentEditException.class).hasMessageContaining("reload");
            queue.add(p.clerk, PaymentKind.CREDIT, "bob", money("5.00"), "top up", null);
            queue.processQueued(p.clerk);
            queue.retry(p.clerk, second, failed.version());
            queue.processQueued(p.clerk);
            assertThat(p.balance("bob")).isEqualByComparingTo("3.00");

            long third = queue.add(p.clerk, PaymentKind.CREDIT, "alice", money("1.00"), "never mind", null);
            QueuedPayment queued = queue.list(QueuedPayment.Status.QUEUED, 5).get(0);
            queue.cancel(p.clerk, third, queued.version());
            assertThat(queue.processQueued(p.clerk).done()).isZero();
            assertThat(p.count("select count(*) from audit_log where action in ('queue.add', 'queue.retry', 'queue.cancel')"))
                    .isEqualTo(6);
        }
    }

    @Test
    void theQueueWaitsWhileAPaydayHoldsTheProcessor() {
        try (Platform p = new Platform(PLATFORM)) {
            p.paydesk.queue().add(p.clerk, PaymentKind.CREDIT, "bob", money("1.00"), "waiting", null);
            ProcessorLock.Held payday = p.paydesk.processor().acquire(1, "Olga", "desk-2", "Payday");
            try {
                assertThatThrownBy(() -> p.paydesk.queue().processQueued(p.clerk)).isInstanceOf(ProcessorBusyException.class)
                        .hasMessageContaining("Payday is already running on desk-2 by Olga");
                assertThat(p.balance("bob")).isEqualByComparingTo("3.00");
            } finally {
                payday.close();
            }
            p.paydesk.queue().processQueued(p.clerk);
            assertThat(p.balance("bob")).isEqualByComparingTo("4.00");
        }
    }

    @Test
    void everyEntryPointChecksTheRole() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            assertThatThrownBy(() -> queue.add(p.nobody, PaymentKind.CREDIT, "bob", money("1.00"), "x", null))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("otto is not allowed to queue payments");
            assertThatThrownBy(() -> queue.processQueued(p.nobody)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> queue.retry(p.nobody, 1, 0)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> queue.cancel(p.nobody, 1, 0)).isInstanceOf(NotAllowedException.class);
            assertThat(p.count("select count(*) from queued_payment")).isZero();
        }
    }
}
