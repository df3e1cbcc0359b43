package org.paydesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.paydesk.db.ConcurrentEditException;
import java.math.BigDecimal;
import org.paydesk.db.DataAccessException;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayStats;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.staff.Caller;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.testing.Platform;

class RefundsTest {

    /** alice tips bob 4.00 a week; after one payday bob holds 4.00 from alice. */
    private static final String PLATFORM = """
            {"participants": [
              {"username": "alice", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
              {"username": "bob", "review": "WHITELISTED"},
              {"username": "carl", "review": "WHITELISTED", "bank": "bank_ok", "balance": "25.00"},
              {"username": "dina", "review": "WHITELISTED", "card": "card_ok"}],
             "tips": [{"tipper": "alice", "tippee": "bob", "amount": "4.00"},
                      {"tipper": "dina", "tippee": "bob", "amount": "1.00"}]}""";

    private static PaydayStats payday(Platform p, boolean force) {
        return p.paydesk.payday().run(PaydayRunner.Options.of(p.paydesk.systemCaller(), "here", force),
                PaydayListener.NONE, () -> false);
    }

    @Test
    void aTipRefundIsRequestedApprovedByAnotherAndExecutedByTheQueue() {
        try (Platform p = new Platform(PLATFORM)) {
            long payday = payday(p, false).id();
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestTipRefund(p.clerk, "alice", "bob", List.of(payday), "charged by mistake");
            assertThat(refunds.get(id).amount()).isEqualByComparingTo("4.00");

            refunds.approve(p.approver, id, "checked the card statement", refunds.get(id).version());
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(refunds.get(id).status()).isEqualTo(RefundService.Status.EXECUTED);
            assertThat(p.balance("alice")).isEqualByComparingTo("10.00");
            assertThat(p.balance("bob")).isEqualByComparingTo("1.00");
            assertThat(p.count("select count(*) from audit_log where action in ('refund.request', 'refund.approve')")).isEqualTo(2);
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void theRequesterCanNeverDecideInTheServiceNorInTheDatabase() {
        try (Platform p = new Platform(PLATFORM)) {
            long payday = payday(p, false).id();
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestTipRefund(p.approver, "alice", "bob", List.of(payday), "asked by alice");

            assertThatThrownBy(() -> refunds.approve(p.approver, id, "fine", 0)).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("april requested refund #" + id + " and so cannot decide on it");
            assertThatThrownBy(() -> refunds.reject(p.approver, id, "no", 0)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> p.sql("update refund set status = 'APPROVED', decided_by = requested_by where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("refund_four_eyes");
            assertThat(refunds.get(id).status()).isEqualTo(RefundService.Status.REQUESTED);
        }
    }

    @Test
    void twoApproversAtOnceExecuteTheRefundOnce() throws Exception {
        try (Platform p = new Platform(PLATFORM)) {
            long payday = payday(p, false).id();
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestTipRefund(p.clerk, "alice", "bob", List.of(payday), "duplicate pledge");
            long version = refunds.get(id).version();

            // Both approvers decide on the same version at once: exactly one may win.
            List<Caller> approvers = List.of(p.approver, p.secondApprover);
            List<Object> outcomes = concurrently(approvers.stream().<Callable<Object>>map(approver -> () -> {
                try {
                    refunds.approve(approver, id, "ok by " + approver.username(), version);
                    return approver.username();
                } catch (ConcurrentEditException refused) {
                    return refused;
                }
            }).toList());

            assertThat(outcomes).filteredOn(String.class::isInstance).as("approved").hasSize(1);
            assertThat(outcomes).filteredOn(ConcurrentEditException.class::isInstance).as("refused").singleElement()
                    .satisfies(e -> assertThat(((Exception) e).getMessage()).isEqualTo("Refund #" + id
                            + " was changed by someone else in the meantime; reload it and try again"));
            String winner = (String) outcomes.stream().filter(String.class::isInstance).findFirst().orElseThrow();
            RefundService.Refund approved = refunds.get(id);
            assertThat(approved.status()).isEqualTo(RefundService.Status.APPROVED);
            assertThat(approved.decidedBy()).isEqualTo(winner);
            assertThat(approved.decisionNote()).isEqualTo("ok by " + winner);
            assertThat(approved.version()).isEqualTo(version + 1);
            assertThat(p.count("select count(*) from audit_log where action = 'refund.approve'")).isEqualTo(1);

            // Both clerks then process the queue at once: one holds the processor, the other is told
            // so or finds nothing left to do; the refund is executed once.
            List<Object> runs = concurrently(List.of(p.approver, p.clerk).stream().<Callable<Object>>map(clerk -> () -> {
                try {
                    return p.paydesk.queue().processQueued(clerk);
                } catch (ProcessorBusyException busy) {
                    return busy;
                }
            }).toList());
            assertThat(runs).filteredOn(PaymentQueue.ProcessResult.class::isInstance).isNotEmpty();
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(refunds.get(id).status()).isEqualTo(RefundService.Status.EXECUTED);
            assertThat(p.count("select count(*) from journal_entry where kind = 'REFUND'")).isEqualTo(1);
            assertThat(p.balance("alice")).isEqualByComparingTo("10.00");
            assertThat(p.balance("bob")).isEqualByComparingTo("1.00");
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    /** Runs the tasks on threads of their own, released together; an unexpected exception fails the test. */
    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefundApprovedAgainstABalanceThatHasShrunkFailsWholeWithAReason() {
        try (Platform p = new Platform(PLATFORM)) {
            long payday = payday(p, false).id();
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestTipRefund(p.clerk, "alice", "bob", List.of(payday), "mistake");
            p.paydesk.queue().add(p.clerk, org.paydesk.queue.PaymentKind.DEBIT, "bob", new java.math.BigDecimal("3.00"),
                    "bob spent it", null);
            p.paydesk.queue().processQueued(p.clerk);
            refunds.approve(p.approver, id, "ok", refunds.get(id).version());
            p.paydesk.queue().processQueued(p.clerk);

            RefundService.Refund refund = refunds.get(id);
            assertThat(p.balance("bob")).isEqualByComparingTo("2.00");
            assertThat(p.balance("alice")).isEqualByComparingTo("6.00");
            assertThat(refund.status()).isEqualTo(RefundService.Status.FAILED);
            assertThat(refund.error()).contains("no longer covers the refund of 4.00").contains("nothing was refunded");
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aFullRefundGoesToRefundsPayableThenOutToTheBank() {
        try (Platform p = new Platform(PLATFORM)) {
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestFullRefund(p.clerk, "carl", "closing the account");
            refunds.approve(p.approver, id, "ok", 0);
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(p.balance("carl")).isEqualByComparingTo("0.00");
            assertThat(refunds.get(id).amount()).isEqualByComparingTo("25.00");
            assertThat(p.count("select count(*) from exchange where refund_id = " + id + " and kind = 'PAYOUT'"
                    + " and status = 'SUCCEEDED' and amount = 25.00")).isEqualTo(1);
            // (count() reads a whole number: "select committed" would read 0.40 as 0 too.)
            assertThat(p.count("select count(*) from account where kind = 'REFUNDS_PAYABLE' and committed = 0.00"))
                    .as("refunds payable is back to exactly 0.00").isEqualTo(1);
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aFullRefundWithoutABankGoesBackToTheCardsLatestCharge() {
        try (Platform p = new Platform(PLATFORM)) {
            payday(p, false);
            assertThat(p.balance("dina")).as("charged 10.00, 9.32 net, tipped 1.00").isEqualByComparingTo("8.32");
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestFullRefund(p.clerk, "dina", "moving away");
            refunds.approve(p.secondApprover, id, "ok", 0);

            PaydayStats second = payday(p, true);

            assertThat(second.refunds()).as("executed by the payday's refunds phase").isEqualTo(1);
            assertThat(p.count("select count(*) from exchange where refund_id = " + id + " and kind = 'CARD_REFUND'"
                    + " and status = 'SUCCEEDED' and amount = 8.32")).isEqualTo(1);
            assertThat(p.count("select count(*) from sandbox_gateway_request where operation = 'CARD_REFUND'")).isEqualTo(1);
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void everyEntryPointChecksTheRole() {
        try (Platform p = new Platform(PLATFORM)) {
            RefundService refunds = p.paydesk.refunds();
            assertThatThrownBy(() -> refunds.requestFullRefund(p.nobody, "carl", "x")).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("needs the CLERK role");
            assertThatThrownBy(() -> refunds.requestTipRefund(p.nobody, "alice", "bob", List.of(1L), "x"))
                    .isInstanceOf(NotAllowedException.class);
            long id = refunds.requestFullRefund(p.clerk, "carl", "closing");
            assertThatThrownBy(() -> refunds.approve(p.clerk, id, "ok", 0)).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("needs the APPROVER role");
            assertThatThrownBy(() -> refunds.reject(p.nobody, id, "no", 0)).isInstanceOf(NotAllowedException.class);
            refunds.reject(p.approver, id, "not eligible", 0);
            assertThat(refunds.get(id).status()).isEqualTo(RefundService.Status.REJECTED);
        }
    }

    @Test
    void aRefundLegLeftInIntentByACrashIsSettledByAskingTheGatewayFirst() {
        try (Platform p = new Platform(PLATFORM)) {
            RefundService refunds = p.paydesk.refunds();
            long id = refunds.requestFullRefund(p.clerk, "carl", "closing");
            refunds.approve(p.approver, id, "ok", 0);
            String key = "refund-" + id + "-payout";
            // The state a crash leaves after the intent was committed and the gateway paid, before the record:
            p.paydesk.database().inTransaction(c -> {
                Ledger ledger = Ledger.load(c);
                long carl = ParticipantDirectory.idOf(c, "carl");
                long entry = ledger.post(c, JournalEntry.transfer(EntryKind.REFUND, carl,
                        ledger.systemAccount(AccountKind.REFUNDS_PAYABLE), new BigDecimal("25.00"), null, null, "full refund"));
                try (var s = c.createStatement()) {
                    s.executeUpdate("update refund set status = 'EXECUTED', amount = 25.00, entry_id = " + entry
                            + " where id = " + id);
                    s.executeUpdate("insert into exchange (kind, participant_id, refund_id, amount, token, idempotency_key)"
                            + " values ('PAYOUT', " + carl + ", " + id + ", 25.00, 'bank_ok', '" + key + "')");
                }
                return null;
            });
            p.paydesk.gateway().payout(key, "bank_ok", new BigDecimal("25.00"));

            try (var held = p.paydesk.processor().acquire(p.admin.staffId(), "ada", "test-host", "Refunds")) {
                p.paydesk.refundExecutor().executeApproved(held.fenced());
            }

            assertThat(p.count("select count(*) from exchange where refund_id = " + id + " and status = 'SUCCEEDED'")).isEqualTo(1);
            assertThat(p.count("select count(*) from sandbox_gateway_request where idempotency_key = '" + key + "'"))
                    .as("asked, not sent again").isEqualTo(1);
            assertThat(p.count("select count(*) from account where kind = 'REFUNDS_PAYABLE' and committed = 0")).isEqualTo(1);
            assertThat(p.balance("carl")).isEqualByComparingTo("0.00");
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }
}
