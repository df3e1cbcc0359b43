package org.paydesk.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paydesk.participants.AccountRow;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.queue.QueuedPayment.Status;
import org.paydesk.staff.Caller;
import org.paydesk.testing.Platform;
import org.paydesk.ui.picker.ParticipantPickerModel;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The queue screen's and the add form's logic, without a toolkit, on a real database. */
class QueueViewModelsTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static Platform p;
    private final CurrentThreadTaskExecutor now = new CurrentThreadTaskExecutor();

    @BeforeAll
    static void platform() {
        p = new Platform("""
                {"participants": [
                  {"username": "bob", "balance": "9.32"},
                  {"username": "carol", "balance": "10.00"},
                  {"username": "dora", "balance": "3.00"},
                  {"username": "erin", "balance": "0.00"}]}""");
    }

    @AfterAll
    static void close() {
        p.close();
    }

    private QueueAddViewModel form(Caller caller) {
        return new QueueAddViewModel(p.paydesk.queue(), new ParticipantPickerModel(p.paydesk.participants(), now), caller,
                now, USD, Locale.US);
    }

    private QueueViewModel screen(Caller caller) {
        return new QueueViewModel(p.paydesk.queue(), caller, now, USD, Locale.US, 50, ZoneOffset.UTC);
    }

    private static AccountRow choose(QueueAddViewModel form, String username) {
        form.picker().search(username);
        AccountRow row = form.picker().candidates().stream().filter(r -> r.username().equals(username)).findFirst().orElseThrow();
        form.picker().selectedProperty().set(row);
        return row;
    }

    @Test
    void eachFieldIsCheckedAsTheUserTypesAndAnInvalidFormQueuesNothing() {
        QueueAddViewModel form = form(p.clerk);
        assertThat(form.amountErrorProperty().get()).as("nothing typed yet, nothing said").isNull();
        assertThat(form.validProperty().get()).isFalse();

        form.amountProperty().set("1.234");
        assertThat(form.amountErrorProperty().get()).isEqualTo("'1.234' has more than two decimals");
        form.amountProperty().set("12,50");
        assertThat(form.amountErrorProperty().get()).isEqualTo("'12,50' is not an amount like 12.34");
        form.amountProperty().set("0");
        assertThat(form.amountErrorProperty().get()).isEqualTo("The amount must be positive, got 0.00");
        form.amountProperty().set("5");
        assertThat(form.amountErrorProperty().get()).isNull();
        assertThat(form.reasonErrorProperty().get()).as("reason not touched yet").isNull();
        assertThat(form.participantErrorProperty().get()).isNull();

        long before = p.count("select count(*) from queued_payment");
        List<QueueAddViewModel.Added> added = new ArrayList<>();
        form.setOnAdded(added::add);
        form.submit();

        assertThat(added).isEmpty();
        assertThat(p.count("select count(*) from queued_payment")).isEqualTo(before);
        assertThat(form.participantErrorProperty().get()).isEqualTo("Choose the participant");
        assertThat(form.reasonErrorProperty().get()).isEqualTo("Say why (kept in the audit log)");
    }

    @Test
    void aDebitAboveTheChosenParticipantsBalanceIsRefusedNextToTheAmount() {
        QueueAddViewModel form = form(p.clerk);
        choose(form, "bob");
        form.kindProperty().set(PaymentKind.DEBIT);
        form.amountProperty().set("20.00");
        assertThat(form.amountErrorProperty().get()).isEqualTo("A debit cannot exceed bob's balance of $9.32");
        assertThat(form.validProperty().get()).isFalse();

        form.kindProperty().set(PaymentKind.CREDIT);
        assertThat(form.amountErrorProperty().get()).isNull();
    }

    @Test
    void aValidFormQueuesThePaymentAndProcessesItAtOnce() {
        QueueAddViewModel form = form(p.clerk);
        choose(form, "carol");
        form.kindProperty().set(PaymentKind.PAYMENT_IN);
        form.amountProperty().set("15.50");
        form.reasonProperty().set("cheque 1001");
        form.referenceProperty().set("CHQ-1001");
        List<QueueAddViewModel.Added> added = new ArrayList<>();
        form.setOnAdded(added::add);

        form.submit();

        assertThat(added).hasSize(1);
        assertThat(added.get(0).message()).isEqualTo("#" + added.get(0).id() + " is done.");
        assertThat(p.balance("carol")).isEqualByComparingTo("25.50");

        QueueAddViewModel again = form(p.clerk);
        choose(again, "carol");
        again.amountProperty().set("15.50");
        again.reasonProperty().set("the same cheque");
        again.referenceProperty().set("CHQ-1001");
        again.submit();
        assertThat(again.problemProperty().get()).contains("the external reference 'CHQ-1001' was already queued");
        assertThat(p.balance("carol")).isEqualByComparingTo("25.50");
    }

    @Test
    void onlyClerksGetTheAddRetryAndCancelActions() {
        assertThat(QueueAddViewModel.allowed(p.clerk)).isTrue();
        assertThat(QueueAddViewModel.allowed(p.secondApprover)).as("an approver only").isFalse();
        assertThat(screen(p.secondApprover).canAdd()).isFalse();
        assertThat(screen(p.approver).canAdd()).as("april is approver and clerk").isTrue();
    }

    @Test
    void aFailedDebitShowsItsWholeErrorAndOnlyAClerkMayRetryOrCancelIt() {
        long first = p.paydesk.queue().add(p.clerk, PaymentKind.DEBIT, "dora", new java.math.BigDecimal("2.00"), "fee", null);
        long second = p.paydesk.queue().add(p.clerk, PaymentKind.DEBIT, "dora", new java.math.BigDecimal("2.50"), "fee again", null);
        p.paydesk.queue().processQueued(p.clerk);

        QueueViewModel clerk = screen(p.clerk);
        clerk.statusFilterProperty().set(Status.FAILED);
        clerk.search("dora");
        assertThat(clerk.rows()).extracting(QueuedPayment::id).containsExactly(second);
        clerk.select(clerk.rows().get(0));
        assertThat(clerk.detailProperty().get()).contains("Error: a debit of 2.50 is larger than the committed balance"
                + " of 1.00; nothing was applied");
        assertThat(clerk.canRetryProperty().get()).isTrue();
        assertThat(clerk.canCancelProperty().get()).isTrue();

        QueueViewModel approverOnly = screen(p.secondApprover);
        approverOnly.statusFilterProperty().set(Status.FAILED);
        approverOnly.search("dora");
        approverOnly.select(approverOnly.rows().get(0));
        assertThat(approverOnly.detailProperty().get()).contains("larger than the committed balance");
        assertThat(approverOnly.canRetryProperty().get()).isFalse();
        assertThat(approverOnly.canCancelProperty().get()).isFalse();

        clerk.cancel();
        assertThat(clerk.messageProperty().get()).isEqualTo("Cancelled #" + second + ".");
        assertThat(p.paydesk.queue().get(second).status()).isEqualTo(Status.CANCELLED);
        assertThat(clerk.rows()).as("the failed filter no longer shows it").isEmpty();
        assertThat(p.paydesk.queue().get(first).status()).isEqualTo(Status.DONE);
    }

    @Test
    void aClampedChargebackIsDoneWithItsNoteShown() {
        long id = p.paydesk.queue().add(p.clerk, PaymentKind.CHARGEBACK, "bob", new java.math.BigDecimal("50.00"),
                "issuer took it back", null);
        p.paydesk.queue().processQueued(p.clerk);

        QueueViewModel screen = screen(p.clerk);
        screen.search("bob");
        QueuedPayment item = screen.rows().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        assertThat(screen.statusText(item)).isEqualTo("Done, clamped");
        screen.select(item);
        assertThat(screen.detailProperty().get()).contains("Note: the balance covered only 9.32 of 50.00; 40.68 was"
                + " posted to uncollectable losses");
        assertThat(screen.canRetryProperty().get()).as("a done item is not retried").isFalse();
        assertThat(screen.canCancelProperty().get()).isFalse();
    }

    @Test
    void pagesFollowEachOtherNewestFirstWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            p.paydesk.queue().add(p.clerk, PaymentKind.CREDIT, "erin", new java.math.BigDecimal("1.00"), "goodwill " + i, null);
        }
        QueueViewModel screen = new QueueViewModel(p.paydesk.queue(), p.clerk, now, USD, Locale.US, 3, ZoneOffset.UTC);
        screen.search("erin");
        assertThat(screen.rows()).hasSize(3);
        assertThat(screen.hasMoreProperty().get()).isTrue();
        screen.loadNextPage();
        assertThat(screen.rows()).hasSize(6);
        screen.loadNextPage();
        List<Long> ids = screen.rows().stream().map(QueuedPayment::id).toList();
        assertThat(ids).hasSize(7).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(screen.hasMoreProperty().get()).as("the last page was short").isFalse();
        screen.loadNextPage();
        assertThat(screen.rows()).hasSize(7);
    }
}
