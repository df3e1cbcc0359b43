package org.paydesk.ui.refunds;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.participants.AccountRow;
import org.paydesk.refunds.RefundService;
import org.paydesk.refunds.RefundService.Kind;
import org.paydesk.refunds.RefundService.TipTransfer;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.picker.ParticipantPickerModel;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The refund request form: a tip refund (the tipper, one tippee and some of the paydays that moved
 * money to them, with the amount that would move back shown before submitting) or a full refund
 * (the whole balance), with a reason. Checked as the user types.
 */
public final class RefundRequestViewModel {

    /** One payday the tipper gave to the chosen tippee in; ticked to be refunded. Already refunded ones cannot be. */
    public static final class PaydayChoice {
        private final TipTransfer transfer;
        private final BooleanProperty chosen = new SimpleBooleanProperty(this, "chosen");

        PaydayChoice(TipTransfer transfer) {
            this.transfer = transfer;
        }

        public TipTransfer transfer() {
            return transfer;
        }

        public BooleanProperty chosenProperty() {
            return chosen;
        }

        public boolean refunded() {
            return transfer.refunded();
        }
    }

    private final RefundService refunds;
    private final ParticipantPickerModel picker;
    private final Caller caller;
    private final TaskExecutor executor;
    private final RefundText text;

    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(this, "kind", Kind.TIP);
    private final ObservableList<TipTransfer> transfers = FXCollections.observableArrayList();
    private final ObservableList<String> tippees = FXCollections.observableArrayList();
    private final ObjectProperty<String> tippee = new SimpleObjectProperty<>(this, "tippee");
    private final ObservableList<PaydayChoice> paydays = FXCollections.observableArrayList(
            choice -> new Observable[] {choice.chosenProperty()});
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final ReadOnlyStringWrapper participantError = new ReadOnlyStringWrapper(this, "participantError");
    private final ReadOnlyStringWrapper tippeeError = new ReadOnlyStringWrapper(this, "tippeeError");
    private final ReadOnlyStringWrapper paydaysError = new ReadOnlyStringWrapper(this, "paydaysError");
    private final ReadOnlyStringWrapper reasonError = new ReadOnlyStringWrapper(this, "reasonError");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private BigDecimal previewAmount;
    private boolean reasonTouched;
    private boolean submitted;
    private long transfersGeneration;
    private long previewGeneration;
    private Consumer<Long> onRequested = id -> { };

    public RefundRequestViewModel(RefundService refunds, ParticipantPickerModel picker, Caller caller,
                                  TaskExecutor executor, RefundText text) {
        this.refunds = refunds;
        this.picker = picker;
        this.caller = caller;
        this.executor = executor;
        this.text = text;
        picker.selectedProperty().addListener((o, old, row) -> loadTransfers(row));
        tippee.addListener((o, old, now) -> showPaydays());
        reason.addListener((Observable o) -> reasonTouched = true);
        for (Observable field : new Observable[] {picker.selectedProperty(), kind, tippee, paydays, reason}) {
            field.addListener(o -> validate());
        }
        paydays.addListener((Observable o) -> updatePreview());
        kind.addListener((Observable o) -> updatePreview());
        validate();
    }

    /** Whoever may request refunds: clerks. */
    public static boolean allowed(Caller caller) {
        return caller.roles().contains(Role.CLERK);
    }

    private void loadTransfers(AccountRow participant) {
        long ticket = ++transfersGeneration;
        transfers.clear();
        tippees.clear();
        tippee.set(null);
        if (participant == null) {
            return;
        }
        executor.execute(BackgroundTask.<List<TipTransfer>>of(p -> refunds.tipTransfers(participant.username()))
                .onSuccess(rows -> {
                    if (ticket == transfersGeneration) {
                        transfers.setAll(rows);
                        tippees.setAll(rows.stream().map(TipTransfer::tippee).distinct().sorted().toList());
                        if (tippees.size() == 1) {
                            tippee.set(tippees.get(0));
                        }
                        validate();
                    }
                })
                .onFailure(e -> {
                    if (ticket == transfersGeneration) {
                        problem.set("Could not read " + participant.username() + "'s transfers: " + ErrorText.explain(e));
                    }
                }));
    }

    private void showPaydays() {
        paydays.setAll(transfers.stream().filter(t -> t.tippee().equals(tippee.get())).map(PaydayChoice::new).toList());
    }

    private List<Long> chosenPaydays() {
        return paydays.stream().filter(c -> c.chosenProperty().get() && !c.refunded())
                .map(c -> c.transfer().paydayId()).toList();
    }

    private void validate() {
        AccountRow participant = picker.selected();
        boolean tip = kind.get() == Kind.TIP;
        String participantProblem = participant == null ? "Choose who gets the money back" : null;
        String tippeeProblem = null;
        String paydaysProblem = null;
        if (tip && participant != null) {
            if (transfers.isEmpty()) {
                tippeeProblem = participant.username() + " has no tip transfers in recent paydays to refund";
            } else if (tippee.get() == null) {
                tippeeProblem = "Choose whose tips to take back";
            } else if (chosenPaydays().isEmpty()) {
                paydaysProblem = "Tick at least one payday";
            }
        }
        String reasonProblem = reason.get() == null || reason.get().isBlank() ? "Say why (the approver reads it)" : null;
        valid.set(participantProblem == null && tippeeProblem == null && paydaysProblem == null && reasonProblem == null);
        participantError.set(submitted ? participantProblem : null);
        tippeeError.set(tippeeProblem != null && (submitted || participant != null && transfers.isEmpty()) ? tippeeProblem : null);
        paydaysError.set(submitted ? paydaysProblem : null);
        reasonError.set(submitted || reasonTouched ? reasonProblem : null);
    }

    /** The amount that would move, from the service's own computation, shown before submitting. */
    private void updatePreview() {
        long ticket = ++previewGeneration;
        AccountRow participant = picker.selected();
        if (kind.get() == Kind.FULL) {
            previewAmount = participant == null ? null : participant.balance();
            preview.set(participant == null ? "" : "Would return " + participant.username() + "'s whole balance, "
                    + text.money(participant.balance()) + " now, through the gateway once approved.");
            return;
        }
        List<Long> chosen = chosenPaydays();
        String from = tippee.get();
        if (participant == null || from == null || chosen.isEmpty()) {
            previewAmount = null;
            preview.set("");
            return;
        }
        executor.execute(BackgroundTask.of(p -> refunds.previewTipRefund(participant.username(), from, chosen))
                .onSuccess(amount -> {
                    if (ticket == previewGeneration) {
                        previewAmount = amount;
                        preview.set("Would move " + text.money(amount) + " from " + from + " back to "
                                + participant.username() + " (" + chosen.size() + " payday" + (chosen.size() == 1 ? "" : "s")
                                + "), and cancel what " + participant.username() + " still owes " + from + ".");
                    }
                }));
    }

    public void submit() {
        submitted = true;
        validate();
        if (!valid.get() || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set(null);
        String participant = picker.selected().username();
        Kind chosenKind = kind.get();
        String from = tippee.get();
        List<Long> chosen = chosenPaydays();
        String why = reason.get().strip();
        executor.execute(BackgroundTask.of(p -> chosenKind == Kind.FULL ? refunds.requestFullRefund(caller, participant, why)
                        : refunds.requestTipRefund(caller, participant, from, chosen, why))
                .onSuccess(id -> {
                    busy.set(false);
                    onRequested.accept(id);
                })
                .onFailure(e -> {
                    busy.set(false);
                    problem.set(ErrorText.explain(e));
                }));
    }

    public void setOnRequested(Consumer<Long> action) {
        this.onRequested = action;
    }

    public ParticipantPickerModel picker() {
        return picker;
    }

    public RefundText text() {
        return text;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    public ObservableList<String> tippees() {
        return tippees;
    }

    public ObjectProperty<String> tippeeProperty() {
        return tippee;
    }

    /** The paydays the chosen tippee received tips from the participant in, newest first. */
    public ObservableList<PaydayChoice> paydays() {
        return paydays;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    /** The amount the preview shows, null while there is nothing to preview. */
    public BigDecimal previewAmount() {
        return previewAmount;
    }

    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty participantErrorProperty() {
        return participantError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tippeeErrorProperty() {
        return tippeeError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty paydaysErrorProperty() {
        return paydaysError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonErrorProperty() {
        return reasonError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
