package org.paydesk.ui.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.accounts.AccountDetails;
import org.paydesk.accounts.AccountDetails.AuditRow;
import org.paydesk.accounts.AccountDetails.Direction;
import org.paydesk.accounts.AccountDetails.Exchange;
import org.paydesk.accounts.AccountDetails.LedgerLine;
import org.paydesk.accounts.AccountDetails.Queued;
import org.paydesk.accounts.AccountDetails.Refund;
import org.paydesk.accounts.AccountDetails.Summary;
import org.paydesk.accounts.AccountDetails.Tip;
import org.paydesk.money.Money;
import org.paydesk.participants.Review;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * One participant's account: balances, tips, ledger, exchanges, queued items, refunds and audit rows,
 * each list newest first (the ledger pages on with {@link #loadMoreLedger()}); and what the signed-in
 * staff member may do: change the review state with a reason (APPROVER), queue a payment or request a
 * refund (CLERK).
 */
public final class AccountDetailViewModel {

    /** Rows per list and per ledger page. */
    public static final int PAGE = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Changes a review state: {@code ReviewService.setReview} in the app. */
    @FunctionalInterface
    public interface ReviewChanger {
        void setReview(Caller caller, long participantId, Review review, String reason, long expectedVersion);
    }

    /** Everything the screen shows, read in one background task. */
    record Snapshot(Summary summary, List<LedgerLine> ledger, List<Tip> given, List<Tip> received,
                    List<Exchange> exchanges, List<Queued> queued, List<Refund> refunds, List<AuditRow> audit) {
    }

    private final long participantId;
    private final AccountDetails details;
    private final ReviewChanger reviews;
    private final Caller caller;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final ZoneId zone;

    private final ReadOnlyObjectWrapper<Summary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ObservableList<LedgerLine> ledger = FXCollections.observableArrayList();
    private final ObservableList<Tip> tipsGiven = FXCollections.observableArrayList();
    private final ObservableList<Tip> tipsReceived = FXCollections.observableArrayList();
    private final ObservableList<Exchange> exchanges = FXCollections.observableArrayList();
    private final ObservableList<Queued> queued = FXCollections.observableArrayList();
    private final ObservableList<Refund> refunds = FXCollections.observableArrayList();
    private final ObservableList<AuditRow> audit = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper moreLedger = new ReadOnlyBooleanWrapper(this, "moreLedger");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ObjectProperty<Review> newReview = new SimpleObjectProperty<>(this, "newReview");
    private final StringProperty reviewReason = new SimpleStringProperty(this, "reviewReason", "");
    private final ReadOnlyStringWrapper reviewProblem = new ReadOnlyStringWrapper(this, "reviewProblem");
    private final ReadOnlyBooleanWrapper reviewBusy = new ReadOnlyBooleanWrapper(this, "reviewBusy");
    private final ReadOnlyStringWrapper reviewDone = new ReadOnlyStringWrapper(this, "reviewDone");
    private final BooleanBinding canSubmitReview;
    private long generation;

    public AccountDetailViewModel(long participantId, AccountDetails details, ReviewChanger reviews, Caller caller,
                                  TaskExecutor executor, Currency currency, Locale locale, ZoneId zone) {
        this.participantId = participantId;
        this.details = details;
        this.reviews = reviews;
        this.caller = caller;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        this.zone = zone;
        reviewReason.addListener((o, old, now) -> reviewProblem.set(null));
        newReview.addListener((o, old, now) -> reviewProblem.set(null));
        canSubmitReview = Bindings.createBooleanBinding(() -> mayChangeReview() && !reviewBusy.get()
                        && summary.get() != null && newReview.get() != null && newReview.get() != summary.get().review()
                        && reviewReason.get() != null && !reviewReason.get().isBlank(),
                reviewBusy, summary, newReview, reviewReason);
    }

    /** Reads everything again; a read overtaken by a newer one is dropped. */
    public void load() {
        long ticket = ++generation;
        loading.set(true);
        executor.execute(BackgroundTask.of(p -> read())
                .onSuccess(snapshot -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    problem.set(snapshot.summary() == null ? "This participant no longer exists." : null);
                    summary.set(snapshot.summary());
                    if (snapshot.summary() != null && newReview.get() == null) {
                        newReview.set(snapshot.summary().review());
                    }
                    ledger.setAll(snapshot.ledger());
                    moreLedger.set(snapshot.ledger().size() == PAGE);
                    tipsGiven.setAll(snapshot.given());
                    tipsReceived.setAll(snapshot.received());
                    exchanges.setAll(snapshot.exchanges());
                    queued.setAll(snapshot.queued());
                    refunds.setAll(snapshot.refunds());
                    audit.setAll(snapshot.audit());
                })
                .onFailure(e -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    problem.set("Could not read the account: " + ErrorText.explain(e));
                }));
    }

    private Snapshot read() {
        return new Snapshot(details.summary(participantId).orElse(null),
                details.ledger(participantId, null, PAGE),
                details.tips(participantId, Direction.GIVEN, null, PAGE),
                details.tips(participantId, Direction.RECEIVED, null, PAGE),
                details.exchanges(participantId, null, PAGE),
                details.queued(participantId, null, PAGE),
                details.refunds(participantId, null, PAGE),
                details.audit(participantId, null, PAGE));
    }

    /** Appends the next (older) page of ledger lines. */
    public void loadMoreLedger() {
        if (!moreLedger.get() || ledger.isEmpty() || loading.get()) {
            return;
        }
        long ticket = generation;
        long before = ledger.get(ledger.size() - 1).postingId();
        loading.set(true);
        executor.execute(BackgroundTask.of(p -> details.ledger(participantId, before, PAGE))
                .onSuccess(page -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    ledger.addAll(page);
                    moreLedger.set(page.size() == PAGE);
                })
                .onFailure(e -> {
                    if (ticket == generation) {
                        loading.set(false);
                        problem.set("Could not read more of the ledger: " + ErrorText.explain(e));
                    }
                }));
    }

    /** Changes the review state to the chosen one with the typed reason; false (nothing sent) when not valid. */
    public boolean changeReview() {
        if (!mayChangeReview()) {
            reviewProblem.set("Changing the review state needs the APPROVER role.");
            return false;
        }
        Summary current = summary.get();
        if (current == null) {
            return false;
        }
        if (newReview.get() == null || newReview.get() == current.review()) {
            reviewProblem.set("Choose a review state other than the current one.");
            return false;
        }
        if (reviewReason.get() == null || reviewReason.get().isBlank()) {
            reviewProblem.set("Give a reason: it goes into the audit log.");
            return false;
        }
        Review target = newReview.get();
        String reason = reviewReason.get().strip();
        reviewBusy.set(true);
        reviewDone.set(null);
        executor.execute(BackgroundTask.of(p -> {
                    reviews.setReview(caller, participantId, target, reason, current.version());
                    return target;
                })
                .onSuccess(done -> {
                    reviewBusy.set(false);
                    reviewReason.set("");
                    reviewDone.set("Review state changed to " + AccountsView.capitalized(done.name()) + ".");
                    load();
                })
                .onFailure(e -> {
                    reviewBusy.set(false);
                    reviewProblem.set(ErrorText.explain(e));
                }));
        return true;
    }

    public boolean mayChangeReview() {
        return caller.roles().contains(Role.APPROVER);
    }

    public boolean mayQueuePayment() {
        return caller.roles().contains(Role.CLERK);
    }

    public boolean mayRequestRefund() {
        return caller.roles().contains(Role.CLERK);
    }

    public String money(BigDecimal amount) {
        return amount == null ? "" : Money.format(amount, currency, locale);
    }

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.withLocale(locale).format(instant.atZone(zone));
    }

    public long participantId() {
        return participantId;
    }

    public ReadOnlyObjectProperty<Summary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<LedgerLine> ledger() {
        return FXCollections.unmodifiableObservableList(ledger);
    }

    public ObservableList<Tip> tipsGiven() {
        return FXCollections.unmodifiableObservableList(tipsGiven);
    }

    public ObservableList<Tip> tipsReceived() {
        return FXCollections.unmodifiableObservableList(tipsReceived);
    }

    public ObservableList<Exchange> exchanges() {
        return FXCollections.unmodifiableObservableList(exchanges);
    }

    public ObservableList<Queued> queued() {
        return FXCollections.unmodifiableObservableList(queued);
    }

    public ObservableList<Refund> refunds() {
        return FXCollections.unmodifiableObservableList(refunds);
    }

    public ObservableList<AuditRow> audit() {
        return FXCollections.unmodifiableObservableList(audit);
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty moreLedgerProperty() {
        return moreLedger.getReadOnlyProperty();
    }

    /** Why the account could not be shown; null when it is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ObjectProperty<Review> newReviewProperty() {
        return newReview;
    }

    public StringProperty reviewReasonProperty() {
        return reviewReason;
    }

    /** Why the review change was refused (by this form or by the service); null when nothing to say. */
    public ReadOnlyStringProperty reviewProblemProperty() {
        return reviewProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reviewDoneProperty() {
        return reviewDone.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reviewBusyProperty() {
        return reviewBusy.getReadOnlyProperty();
    }

    public BooleanBinding canSubmitReview() {
        return canSubmitReview;
    }
}
