package org.paydesk.ui.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paydesk.participants.AccountRow;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.queue.PaymentKind;
import org.paydesk.refunds.RefundService.Kind;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.staff.Caller;
import org.paydesk.testing.Platform;
import org.paydesk.ui.picker.ParticipantPickerModel;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The refund form's and the approvals screen's logic, without a toolkit, on a real database after one payday. */
class RefundViewModelsTest {

    private static Platform p;
    private static long payday;
    private final CurrentThreadTaskExecutor now = new CurrentThreadTaskExecutor();
    private final RefundText text = new RefundText(Currency.getInstance("USD"), Locale.US, ZoneOffset.UTC);

    /** Each tipper gives bob (or gus) 4.00, so each test refunds its own pair. */
    @BeforeAll
    static void platform() {
        p = new Platform("""
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "amy", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "ann", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "abe", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "bob", "review": "WHITELISTED"},
                  {"username": "gus", "review": "WHITELISTED"},
                  {"username": "hal", "review": "WHITELISTED"},
                  {"username": "zed", "balance": "7.00"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "4.00"},
                          {"tipper": "amy", "tippee": "bob", "amount": "4.00"},
                          {"tipper": "ann", "tippee": "gus", "amount": "4.00"},
                          {"tipper": "abe", "tippee": "hal", "amount": "4.00"}]}""");
        payday = p.paydesk.payday().run(PaydayRunner.Options.of(p.paydesk.systemCaller(), "here", false),
                PaydayListener.NONE, () -> false).id();
    }

    @AfterAll
    static void close() {
        p.close();
    }

    private RefundRequestViewModel form(Caller caller) {
        return new RefundRequestViewModel(p.paydesk.refunds(), new ParticipantPickerModel(p.paydesk.participants(), now),
                caller, now, text);
    }

    private ApprovalsViewModel approvals(Caller caller) {
        ApprovalsViewModel screen = new ApprovalsViewModel(p.paydesk.refunds(), p.paydesk.queue(), caller, now, text);
        screen.reload();
        return screen;
    }

    private static void choose(RefundRequestViewModel form, String username) {
        form.picker().search(username);
        AccountRow row = form.picker().candidates().stream().filter(r -> r.username().equals(username)).findFirst().orElseThrow();
        form.picker().selectedProperty().set(row);
    }

    private static Refund select(ApprovalsViewModel screen, long id) {
        Refund refund = screen.pending().rows().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        screen.pending().select(refund);
        return refund;
    }

    @Test
    void aTipRefundShowsTheAmountThatWouldMoveBeforeItIsRequested() {
        RefundRequestViewModel form = form(p.clerk);
        choose(form, "alice");
        assertThat(form.tippees()).containsExactly("bob");
        assertThat(form.tippeeProperty().get()).as("the only tippee is chosen").isEqualTo("bob");
        assertThat(form.paydays()).hasSize(1);
        assertThat(form.previewProperty().get()).isEmpty();

        form.paydays().get(0).chosenProperty().set(true);
        assertThat(form.previewAmount()).isEqualByComparingTo("4.00");
        assertThat(form.previewProperty().get()).startsWith("Would move $4.00 from bob back to alice (1 payday)");
        assertThat(form.validProperty().get()).as("no reason yet").isFalse();

        List<Long> requested = new ArrayList<>();
        form.setOnRequested(requested::add);
        form.submit();
        assertThat(requested).isEmpty();
        assertThat(form.reasonErrorProperty().get()).isEqualTo("Say why (the approver reads it)");

        form.reasonProperty().set("pledged twice");
        form.submit();
        assertThat(requested).hasSize(1);
        Refund refund = p.paydesk.refunds().get(requested.get(0));
        assertThat(refund.amount()).isEqualByComparingTo(form.previewAmount());
        assertThat(refund.paydays()).containsExactly(payday);

        RefundRequestViewModel again = form(p.clerk);
        choose(again, "alice");
        assertThat(again.paydays()).singleElement().matches(RefundRequestViewModel.PaydayChoice::refunded);
        again.paydays().get(0).chosenProperty().set(true);
        again.reasonProperty().set("again");
        assertThat(again.validProperty().get()).as("an already requested payday cannot be asked twice").isFalse();
    }

    @Test
    void aFullRefundShowsTheWholeBalanceAndAParticipantWithoutTransfersCannotHaveATipRefund() {
        RefundRequestViewModel form = form(p.clerk);
        choose(form, "zed");
        assertThat(form.tippeeErrorProperty().get()).isEqualTo("zed has no tip transfers in recent paydays to refund");
        form.kindProperty().set(Kind.FULL);
        assertThat(form.tippeeErrorProperty().get()).isNull();
        assertThat(form.previewProperty().get()).isEqualTo("Would return zed's whole balance, $7.00 now, through the"
                + " gateway once approved.");
        form.reasonProperty().set("closing");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(RefundRequestViewModel.allowed(p.clerk)).isTrue();
        assertThat(RefundRequestViewModel.allowed(p.secondApprover)).isFalse();
    }

    @Test
    void theRequesterIsOfferedNoDecisionAndAnotherApproverIs() {
        long id = p.paydesk.refunds().requestTipRefund(p.approver, "amy", "bob", List.of(payday), "asked by amy");

        ApprovalsViewModel own = approvals(p.approver);
        select(own, id);
        assertThat(own.ownRequestProperty().get()).isTrue();
        assertThat(own.offeredProperty().get()).isFalse();
        own.noteProperty().set("looks fine");
        assertThat(own.canApproveProperty().get()).isFalse();
        assertThat(own.decisionHintProperty().get()).isEqualTo("You requested this refund: another approver must decide"
                + " on it (four eyes).");
        own.approve();
        assertThat(p.paydesk.refunds().get(id).status()).isEqualTo(Status.REQUESTED);

        ApprovalsViewModel clerkOnly = approvals(p.clerk);
        select(clerkOnly, id);
        assertThat(clerkOnly.offeredProperty().get()).isFalse();
        assertThat(clerkOnly.decisionHintProperty().get()).isEqualTo("Deciding on refunds needs the APPROVER role.");

        ApprovalsViewModel other = approvals(p.secondApprover);
        select(other, id);
        assertThat(other.offeredProperty().get()).isTrue();
        assertThat(other.canApproveProperty().get()).as("a note is required").isFalse();
        assertThat(other.contextTextProperty().get()).startsWith("bob's balance now: $8.00 (covers it). amy's balance now:");
        assertThat(other.transfers()).singleElement().satisfies(t -> {
            assertThat(t.paydayId()).isEqualTo(payday);
            assertThat(t.amount()).isEqualByComparingTo("4.00");
        });
        List<ApprovalsViewModel.Executed> executed = new java.util.ArrayList<>();
        other.setOnExecuted(executed::add);
        other.noteProperty().set("statement checked");
        other.approve();
        assertThat(executed).as("approved, not executed: no notification").isEmpty();
        assertThat(p.paydesk.refunds().get(id).status()).isEqualTo(Status.APPROVED);
        assertThat(other.messageProperty().get()).isEqualTo("Approved refund #" + id + "; it is executed by the next"
                + " queue pass or payday.");
        assertThat(other.pending().rows()).extracting(Refund::id).doesNotContain(id);
        assertThat(other.history().selectedProperty().get().id()).isEqualTo(id);
    }

    @Test
    void anApproverWhoIsAlsoAClerkExecutesTheRefundAtOnceAndSeesTheOutcome() {
        long id = p.paydesk.refunds().requestTipRefund(p.clerk, "ann", "gus", List.of(payday), "duplicate pledge");
        ApprovalsViewModel screen = approvals(p.approver);
        List<ApprovalsViewModel.Executed> executed = new java.util.ArrayList<>();
        screen.setOnExecuted(executed::add);
        select(screen, id);
        screen.noteProperty().set("ok");
        screen.approve();

        Refund done = p.paydesk.refunds().get(id);
        assertThat(done.status()).isEqualTo(Status.EXECUTED);
        assertThat(screen.messageProperty().get()).startsWith("Approved refund #" + id + ". Executed ")
                .endsWith(" by the queue; approved by april");
        assertThat(executed).as("the notification's hook").singleElement().satisfies(e -> {
            assertThat(e.refundId()).isEqualTo(id);
            assertThat(e.succeeded()).isTrue();
            assertThat(e.text()).isEqualTo(screen.messageProperty().get());
        });
        assertThat(p.balance("gus")).isEqualByComparingTo("0.00");
    }

    @Test
    void aRequestWhoseBalanceShrankFailsWithAClearReasonAndMovesNothing() {
        long id = p.paydesk.refunds().requestTipRefund(p.clerk, "abe", "hal", List.of(payday), "hal never delivered");
        p.paydesk.queue().add(p.clerk, PaymentKind.DEBIT, "hal", new BigDecimal("3.00"), "hal spent it", null);
        p.paydesk.queue().processQueued(p.clerk);
        BigDecimal abe = p.balance("abe");

        ApprovalsViewModel screen = approvals(p.approver);
        List<ApprovalsViewModel.Executed> executed = new java.util.ArrayList<>();
        screen.setOnExecuted(executed::add);
        select(screen, id);
        assertThat(screen.contextTextProperty().get()).startsWith("hal's balance now: $1.00 (no longer covers it:"
                + " approving it will fail and refund nothing)");
        screen.noteProperty().set("ok");
        screen.approve();
        assertThat(executed).singleElement().satisfies(e -> {
            assertThat(e.succeeded()).isFalse();
            assertThat(e.text()).contains("Failed, nothing was refunded");
        });

        Refund failed = p.paydesk.refunds().get(id);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).isEqualTo("the tippee's balance of 1.00 no longer covers the refund of 4.00;"
                + " nothing was refunded");
        assertThat(screen.messageProperty().get()).contains("Failed, nothing was refunded: the tippee's balance of 1.00");
        assertThat(p.balance("hal")).isEqualByComparingTo("1.00");
        assertThat(p.balance("abe")).isEqualByComparingTo(abe);
    }
}
