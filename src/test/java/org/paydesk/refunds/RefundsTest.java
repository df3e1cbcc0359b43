package org.paydesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (var approver : List.of(p.approver, p.secondApprover)) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        refunds.approve(approver, id, "ok by " + approver.username(), version);
                        p.paydesk.queue().processQueued(approver.roles().contains(org.paydesk.staff.Role.CLERK) ? approver : p.clerk);
                        return "approved";
                    } catch (ConcurrentEditException | IllegalStateException e) {
                        return "refused: " + e.getMessage();
                    } catch (org.paydesk.processor.ProcessorBusyException e) {
                        return "approved";
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            pool.shutdown();
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(results).filteredOn(r -> r.equals("approved")).hasSize(1);
            assertThat(p.count("select count(*) from journal_entry where kind = 'REFUND'")).isEqualTo(1);
            assertThat(p.balance("alice")).isEqualByComparingTo("10.00");
            assertThat(refunds.get(id).status()).isEqualTo(RefundService.Status.EXECUTED);
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
            assertThat(p.count("select committed from account where kind = 'REFUNDS_PAYABLE'")).isZero();
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
