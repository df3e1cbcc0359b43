package org.paydesk.ui.queue;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.money.Money;
import org.paydesk.participants.AccountRow;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.picker.ParticipantPickerModel;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The "queue a payment" form: participant, kind, amount, reason and an optional external reference,
 * checked as the user types (each field's error shows once that field was edited, or all of them
 * after a submit). A submit queues the item and runs a pass over the queue at once.
 */
public final class QueueAddViewModel {

    /** What a submit did: the item's number and a sentence for the queue screen. */
    public record Added(long id, String message) {
    }

    private final PaymentQueue queue;
    private final Caller caller;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final ParticipantPickerModel picker;

    private final ObjectProperty<PaymentKind> kind = new SimpleObjectProperty<>(this, "kind", PaymentKind.PAYMENT_IN);
    private final StringProperty amount = new SimpleStringProperty(this, "amount", "");
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final StringProperty reference = new SimpleStringProperty(this, "reference", "");
    private final ReadOnlyStringWrapper participantError = new ReadOnlyStringWrapper(this, "participantError");
    private final ReadOnlyStringWrapper amountError = new ReadOnlyStringWrapper(this, "amountError");
    private final ReadOnlyStringWrapper reasonError = new ReadOnlyStringWrapper(this, "reasonError");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private boolean amountTouched;
    private boolean reasonTouched;
    private boolean submitted;
    private Consumer<Added> onAdded = added -> { };

    public QueueAddViewModel(PaymentQueue queue, ParticipantPickerModel picker, Caller caller, TaskExecutor executor,
                             Currency currency, Locale locale) {
        this.queue = queue;
        this.picker = picker;
        this.caller = caller;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        amount.addListener((Observable o) -> amountTouched = true);
        reason.addListener((Observable o) -> reasonTouched = true);
        for (Observable field : new Observable[] {picker.selectedProperty(), kind, amount, reason, reference}) {
            field.addListener(o -> validate());
        }
        validate();
    }

    /** Whoever may queue payments: clerks. */
    public static boolean allowed(Caller caller) {
        return caller.roles().contains(Role.CLERK);
    }

    private void validate() {
        AccountRow participant = picker.selected();
        String participantProblem = participant == null ? "Choose the participant" : null;
        String amountProblem = amountProblem(participant);
        String reasonProblem = reason.get() == null || reason.get().isBlank() ? "Say why (kept in the audit log)" : null;
        valid.set(participantProblem == null && amountProblem == null && reasonProblem == null);
        participantError.set(submitted ? participantProblem : null);
        amountError.set(submitted || amountTouched ? amountProblem : null);
        reasonError.set(submitted || reasonTouched ? reasonProblem : null);
    }

    private String amountProblem(AccountRow participant) {
        BigDecimal cents;
        try {
            cents = Money.parse(amount.get());
        } catch (IllegalArgumentException e) {
            return capitalized(e.getMessage());
        }
        String rule = PaymentQueue.amountProblem(kind.get(), cents);
        if (rule != null) {
            return capitalized(rule);
        }
        if (kind.get() == PaymentKind.DEBIT && participant != null && cents.compareTo(participant.balance()) > 0) {
            return "A debit cannot exceed " + participant.username() + "'s balance of " + money(participant.balance());
        }
        return null;
    }

    /** Queues the payment and processes the queue; shows every field's error instead when the form is not valid. */
    public void submit() {
        submitted = true;
        validate();
        if (!valid.get() || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set(null);
        String username = picker.selected().username();
        PaymentKind chosen = kind.get();
        BigDecimal cents = Money.parse(amount.get());
        String why = reason.get().strip();
        String ref = reference.get();
        executor.execute(BackgroundTask.of(progress -> {
            long id = queue.add(caller, chosen, username, cents, why, ref);
            return new Added(id, outcome(id));
        }).onSuccess(added -> {
            busy.set(false);
            onAdded.accept(added);
        }).onFailure(e -> {
            busy.set(false);
            problem.set(ErrorText.explain(e));
        }));
    }

    /** Runs a pass over the queue now; a busy processor (a payday) leaves the item queued for the next pass. */
    private String outcome(long id) {
        try {
            queue.processQueued(caller);
        } catch (ProcessorBusyException e) {
            return "Queued #" + id + "; it is applied when the processor is free (" + e.getMessage() + ").";
        }
        QueuedPayment item = queue.get(id);
        return switch (item.status()) {
            case DONE -> "#" + id + " is done" + (item.error() == null ? "." : ": " + item.error());
            case FAILED -> "#" + id + " failed: " + item.error();
            default -> "#" + id + " is " + item.status().name().toLowerCase(Locale.ROOT) + ".";
        };
    }

    public String money(BigDecimal value) {
        return Money.format(value, currency, locale);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Called on success with the new item, e.g. to close the dialog and select the row. */
    public void setOnAdded(Consumer<Added> action) {
        this.onAdded = action;
    }

    public ParticipantPickerModel picker() {
        return picker;
    }

    public ObjectProperty<PaymentKind> kindProperty() {
        return kind;
    }

    public StringProperty amountProperty() {
        return amount;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    public ReadOnlyStringProperty participantErrorProperty() {
        return participantError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty amountErrorProperty() {
        return amountError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonErrorProperty() {
        return reasonError.getReadOnlyProperty();
    }

    /** Why the last submit was refused by the service, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** How each kind reads in the form and the table. */
    public static String describe(PaymentKind kind) {
        return switch (kind) {
            case PAYMENT_IN -> "Payment in (money received offline)";
            case CREDIT -> "Credit";
            case DEBIT -> "Debit (never above the balance)";
            case CHARGEBACK -> "Chargeback (clamped to the balance)";
        };
    }
}
