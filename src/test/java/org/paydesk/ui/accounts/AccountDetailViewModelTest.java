package org.paydesk.ui.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.participants.Review;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The account detail's logic on a real database, without a toolkit: what it reads and what each role may do. */
@ExtendWith(DatabaseExtension.class)
class AccountDetailViewModelTest {

    private static final Currency USD = Currency.getInstance("USD");

    private static long participant(Paydesk paydesk, String username) {
        String json = "{\"participants\": [{\"username\": \"" + username + "\", \"balance\": \"12.34\"}]}";
        paydesk.importer().importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json",
                paydesk.systemStaffId());
        return paydesk.participants().findByUsername(username).orElseThrow().id();
    }

    private static AccountDetailViewModel viewModel(Paydesk paydesk, long id, Caller caller) {
        return new AccountDetailViewModel(id, paydesk.accountDetails(), paydesk.reviews()::setReview, caller,
                new CurrentThreadTaskExecutor(), USD, Locale.US, ZoneOffset.UTC);
    }

    @Test
    void actionsFollowTheRoles() {
        AccountDetailViewModel clerk = withoutDatabase(new Caller(1, "cleo", EnumSet.of(Role.CLERK)));
        AccountDetailViewModel approver = withoutDatabase(new Caller(2, "april", EnumSet.of(Role.APPROVER)));

        assertThat(clerk.mayQueuePayment()).isTrue();
        assertThat(clerk.mayRequestRefund()).isTrue();
        assertThat(clerk.mayChangeReview()).isFalse();
        assertThat(approver.mayChangeReview()).isTrue();
        assertThat(approver.mayQueuePayment()).isFalse();
        assertThat(approver.mayRequestRefund()).isFalse();

        assertThat(clerk.changeReview()).isFalse();
        assertThat(clerk.reviewProblemProperty().get()).isEqualTo("Changing the review state needs the APPROVER role.");
    }

    /** Without a database: only the role logic is exercised, nothing is read. */
    private static AccountDetailViewModel withoutDatabase(Caller caller) {
        return new AccountDetailViewModel(1, null, (c, p, r, reason, v) -> {
            throw new AssertionError("no review change expected");
        }, caller, new CurrentThreadTaskExecutor(), USD, Locale.US, ZoneOffset.UTC);
    }

    @Test
    void readsTheAccountAndChangesTheReviewStateWithAReasonThatIsAudited(Paydesk paydesk) {
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "april", null, EnumSet.of(Role.APPROVER), "april long password".toCharArray());
        Caller april = paydesk.staff().signIn("april", "april long password".toCharArray());
        long id = participant(paydesk, "zoe");
        AccountDetailViewModel viewModel = viewModel(paydesk, id, april);

        viewModel.load();
        assertThat(viewModel.summaryProperty().get().username()).isEqualTo("zoe");
        assertThat(viewModel.money(viewModel.summaryProperty().get().visible())).isEqualTo("$12.34");
        assertThat(viewModel.ledger()).extracting(line -> line.kind()).containsExactly("OPENING_BALANCE");
        assertThat(viewModel.canSubmitReview().get()).as("same state, no reason").isFalse();

        viewModel.newReviewProperty().set(Review.SUSPICIOUS);
        assertThat(viewModel.changeReview()).isFalse();
        assertThat(viewModel.reviewProblemProperty().get()).isEqualTo("Give a reason: it goes into the audit log.");

        viewModel.reviewReasonProperty().set("  Chargebacks from two issuers ");
        assertThat(viewModel.canSubmitReview().get()).isTrue();
        assertThat(viewModel.changeReview()).isTrue();

        assertThat(viewModel.reviewProblemProperty().get()).isNull();
        assertThat(viewModel.reviewDoneProperty().get()).isEqualTo("Review state changed to Suspicious.");
        assertThat(viewModel.summaryProperty().get().review()).isEqualTo(Review.SUSPICIOUS);
        assertThat(viewModel.audit()).singleElement().satisfies(row -> {
            assertThat(row.staff()).isEqualTo("april");
            assertThat(row.action()).isEqualTo("participant.review");
            assertThat(row.detail()).isEqualTo("Chargebacks from two issuers");
        });
    }

    @Test
    void aChangeMadeElsewhereMeanwhileIsRefusedWithAClearMessage(Paydesk paydesk) {
        long id = participant(paydesk, "yan");
        Caller system = paydesk.systemCaller();
        AccountDetailViewModel viewModel = viewModel(paydesk, id, system);
        viewModel.load();
        paydesk.reviews().setReview(system, id, Review.WHITELISTED, "checked elsewhere",
                viewModel.summaryProperty().get().version());

        viewModel.newReviewProperty().set(Review.SUSPICIOUS);
        viewModel.reviewReasonProperty().set("looks odd");
        viewModel.changeReview();

        assertThat(viewModel.reviewProblemProperty().get()).isNotBlank().containsIgnoringCase("yan");
        viewModel.load();
        assertThat(viewModel.summaryProperty().get().review()).isEqualTo(Review.WHITELISTED);
    }
}
