package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.paydesk.testing.Platform;

/** Issue 13 §3: retrying a command never applies a payment twice. */
class QueueDuplicatesTest {

    private static final String PLATFORM = """
            {"participants": [{"username": "alice", "balance": "10.00"}, {"username": "bob"}]}""";

    private static final BigDecimal FIFTY = new BigDecimal("50.00");

    @Test
    void anIdenticalItemFromTheSameCallerIsAProbableDuplicateUnlessForced() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            long first = queue.add(p.clerk, PaymentKind.CREDIT, "alice", FIFTY, "cheque 7", null);

            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.CREDIT, "ALICE", FIFTY, " cheque 7 ", null))
                    .isInstanceOf(ProbableDuplicateException.class)
                    .hasMessageContaining("already queued by cleo")
                    .hasMessageContaining("as #" + first)
                    .hasMessageContaining("nothing was queued")
                    .hasMessageContaining("--force");
            assertThat(p.count("select count(*) from queued_payment")).isEqualTo(1);

            long forced = queue.add(p.clerk, PaymentKind.CREDIT, "alice", FIFTY, "cheque 7", null, true);
            assertThat(forced).isNotEqualTo(first);
            // Not identical: another caller, amount, kind, participant or reason.
            queue.add(p.approver, PaymentKind.CREDIT, "alice", FIFTY, "cheque 7", null);
            queue.add(p.clerk, PaymentKind.CREDIT, "alice", new BigDecimal("50.01"), "cheque 7", null);
            queue.add(p.clerk, PaymentKind.PAYMENT_IN, "alice", FIFTY, "cheque 7", null);
            queue.add(p.clerk, PaymentKind.CREDIT, "bob", FIFTY, "cheque 7", null);
            queue.add(p.clerk, PaymentKind.CREDIT, "alice", FIFTY, "cheque 8", null);
            assertThat(p.count("select count(*) from queued_payment")).isEqualTo(7);
        }
    }

    @Test
    void aDoneItemStillCountsAndAFailedOrCancelledOneDoesNot() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            long done = queue.add(p.clerk, PaymentKind.CREDIT, "alice", FIFTY, "goodwill", null);
            queue.processQueued(p.clerk);
            assertThat(queue.get(done).status()).isEqualTo(QueuedPayment.Status.DONE);
            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.CREDIT, "alice", FIFTY, "goodwill", null))
                    .isInstanceOf(ProbableDuplicateException.class).hasMessageContaining("(done)");

            long cancelled = queue.add(p.clerk, PaymentKind.DEBIT, "alice", new BigDecimal("1.00"), "fee", null);
            queue.cancel(p.clerk, cancelled, queue.get(cancelled).version());
            long again = queue.add(p.clerk, PaymentKind.DEBIT, "alice", new BigDecimal("1.00"), "fee", null);
            assertThat(again).isNotEqualTo(cancelled);
        }
    }

    @Test
    void externalReferencesCompareIgnoringCase() {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            long first = queue.add(p.clerk, PaymentKind.PAYMENT_IN, "alice", FIFTY, "cheque", "CHQ-1");
            assertThatThrownBy(() -> queue.add(p.clerk, PaymentKind.PAYMENT_IN, "bob", FIFTY, "cheque", "chq-1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'chq-1' was already queued as #" + first + " ('CHQ-1'; references ignore case)");
            // Also when the service's own look-up is bypassed: the database's index says the same.
            assertThatThrownBy(() -> p.sql("insert into queued_payment (kind, participant_id, amount, reason, external_ref,"
                    + " queued_by) select 'CREDIT', id, 1, 'x', 'Chq-1', " + p.clerk.staffId()
                    + " from participant where username = 'bob'"))
                    .hasMessageContaining("queued_payment_external_ref_ci_key");
            assertThat(p.count("select count(*) from queued_payment")).isEqualTo(1);
        }
    }

    @Test
    void twoIdenticalRetriesAtOnceQueueOneItem() throws Exception {
        try (Platform p = new Platform(PLATFORM)) {
            PaymentQueue queue = p.paydesk.queue();
            CyclicBarrier together = new CyclicBarrier(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    outcomes.add(pool.submit(() -> {
                        together.await();
                        try {
                            queue.add(p.clerk, PaymentKind.CREDIT, "bob", FIFTY, "retry storm", null);
                            return true;
                        } catch (ProbableDuplicateException e) {
                            return false;
                        }
                    }));
                }
                int queued = 0;
                for (Future<Boolean> outcome : outcomes) {
                    queued += outcome.get() ? 1 : 0;
                }
                assertThat(queued).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(p.count("select count(*) from queued_payment")).isEqualTo(1);
        }
    }
}
