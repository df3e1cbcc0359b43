package org.paydesk.ui.refunds;

import java.util.EnumSet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.refunds.RefundService;
import org.paydesk.refunds.RefundService.Context;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.refunds.RefundService.TipTransfer;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The approver's screen: pending requests with the account's context (balances now, the transfers
 * concerned), a note, approve or reject; and the history of decided refunds with their outcome.
 * Nobody decides on their own request: the actions are not offered (and the service and the
 * database refuse anyway). An approval is executed at once when the approver may run the queue.
 */
public final class ApprovalsViewModel {

    public static final int PAGE_SIZE = 100;
    static final EnumSet<Status> DECIDED = EnumSet.of(Status.APPROVED, Status.REJECTED, Status.EXECUTED, Status.FAILED);

    private final RefundService refunds;
    private final PaymentQueue queue;
    private final Caller caller;
    private final TaskExecutor executor;
    private final RefundText text;
    private final RefundList pending;
    private final RefundList history;

    private final StringProperty note = new SimpleStringProperty(this, "note", "");
    private final ReadOnlyObjectWrapper<Context> context = new ReadOnlyObjectWrapper<>(this, "context");
    private final ObservableList<TipTransfer> transfers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper contextText = new ReadOnlyStringWrapper(this, "contextText", "");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper decisionHint = new ReadOnlyStringWrapper(this, "decisionHint", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper canApprove = new ReadOnlyBooleanWrapper(this, "canApprove");
    private final ReadOnlyBooleanWrapper canReject = new ReadOnlyBooleanWrapper(this, "canReject");
    private final ReadOnlyBooleanWrapper ownRequest = new ReadOnlyBooleanWrapper(this, "ownRequest");
    private final ReadOnlyBooleanWrapper offered = new ReadOnlyBooleanWrapper(this, "offered");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private long contextGeneration;
    private java.util.function.Consumer<Executed> onExecuted = executed -> { };

    /** An approved refund that this approval executed at once, or tried to: its outcome in words. */
    public record Executed(long refundId, boolean succeeded, String text) {
    }

    /** What an approval or rejection came to: the message, and the refund as the queue left it (null if not run). */
    private record Decided(String message, Refund after) {
    }

    public ApprovalsViewModel(RefundService refunds, PaymentQueue queue, Caller caller, TaskExecutor executor, RefundText text) {
        this.refunds = refunds;
        this.queue = queue;
        this.caller = caller;
        this.executor = executor;
        this.text = text;
        this.pending = new RefundList(refunds, executor, EnumSet.of(Status.REQUESTED), PAGE_SIZE,
                "No refund waits for a decision.");
        this.history = new RefundList(refunds, executor, DECIDED, PAGE_SIZE, "No refund has been decided yet.");
        pending.selectedProperty().addListener((o, old, refund) -> selectionChanged(old, refund));
        note.addListener((o, old, now) -> updateActions());
    }

    /** Loads both lists. */
    public void reload() {
        pending.reload();
        history.reload();
    }

    /** The poll. */
    public void refresh() {
        pending.refresh();
        history.refresh();
    }

    /** Whether {@code caller} may decide on {@code refund}: an approver who did not request it, while it waits. */
    public static boolean mayDecide(Caller caller, Refund refund) {
        return refund != null && refund.status() == Status.REQUESTED && caller.roles().contains(Role.APPROVER)
                && !isOwn(caller, refund);
    }

    public static boolean isOwn(Caller caller, Refund refund) {
        return refund.requestedBy().equalsIgnoreCase(caller.username());
    }

    private void selectionChanged(Refund old, Refund refund) {
        if (refund == null || old == null || old.id() != refund.id()) {
            note.set("");
        }
        detail.set(refund == null ? "" : text.detail(refund));
        updateActions();
        long ticket = ++contextGeneration;
        if (refund == null) {
            context.set(null);
            transfers.clear();
            contextText.set("");
            return;
        }
        executor.execute(BackgroundTask.of(p -> refunds.context(refund.id()))
                .onSuccess(loaded -> {
                    if (ticket == contextGeneration) {
                        context.set(loaded);
                        transfers.setAll(loaded.transfers());
                        contextText.set(describe(refund, loaded));
                    }
                })
                .onFailure(e -> {
                    if (ticket == contextGeneration) {
                        contextText.set("Could not read the account: " + ErrorText.explain(e));
                    }
                }));
    }

    private String describe(Refund refund, Context loaded) {
        if (refund.kind() == RefundService.Kind.FULL) {
            return refund.participant() + "'s balance now: " + text.money(loaded.participantBalance())
                    + ". A full refund returns all of it through the gateway (bank payout, else card refunds).";
        }
        String covered = loaded.tippeeBalance().compareTo(refund.amount()) >= 0 ? "covers it"
                : "no longer covers it: approving it will fail and refund nothing";
        return refund.tippee() + "'s balance now: " + text.money(loaded.tippeeBalance()) + " (" + covered + "). "
                + refund.participant() + "'s balance now: " + text.money(loaded.participantBalance()) + ".";
    }

    private void updateActions() {
        Refund refund = pending.selectedProperty().get();
        boolean own = refund != null && isOwn(caller, refund);
        boolean decidable = mayDecide(caller, refund) && !busy.get();
        ownRequest.set(own);
        offered.set(mayDecide(caller, refund));
        canApprove.set(decidable && !note.get().isBlank());
        canReject.set(decidable && !note.get().isBlank());
        if (refund == null) {
            decisionHint.set("Select a request to decide on it.");
        } else if (own) {
            decisionHint.set("You requested this refund: another approver must decide on it (four eyes).");
        } else if (!caller.roles().contains(Role.APPROVER)) {
            decisionHint.set("Deciding on refunds needs the APPROVER role.");
        } else if (note.get().isBlank()) {
            decisionHint.set("Write a note to approve or reject.");
        } else {
            decisionHint.set("");
        }
    }

    public void approve() {
        if (canApprove.get()) {
            decide(true);
        }
    }

    public void reject() {
        if (canReject.get()) {
            decide(false);
        }
    }

    private void decide(boolean approving) {
        Refund refund = pending.selectedProperty().get();
        String written = note.get().strip();
        busy.set(true);
        updateActions();
        executor.execute(BackgroundTask.of(p -> {
            if (approving) {
                refunds.approve(caller, refund.id(), written, refund.version());
                return executeNow(refund.id());
            }
            refunds.reject(caller, refund.id(), written, refund.version());
            return new Decided("Rejected refund #" + refund.id() + ".", null);
        }).onSuccess(outcome -> {
            busy.set(false);
            message.set(outcome.message());
            Refund after = outcome.after();
            if (after != null && (after.status() == Status.EXECUTED || after.status() == Status.FAILED)) {
                onExecuted.accept(new Executed(after.id(), after.status() == Status.EXECUTED, outcome.message()));
            }
            pending.reload();
            history.reloadAndSelect(refund.id());
        }).onFailure(e -> {
            busy.set(false);
            message.set(ErrorText.explain(e));
            updateActions();
            pending.reload();
        }));
    }

    /** Runs the processor now when this approver may (a clerk too), and says what became of the refund. */
    private Decided executeNow(long id) {
        if (!caller.roles().contains(Role.CLERK)) {
            return new Decided("Approved refund #" + id + "; it is executed by the next queue pass or payday.", null);
        }
        try {
            queue.processQueued(caller);
        } catch (ProcessorBusyException e) {
            return new Decided("Approved refund #" + id + "; it is executed when the processor is free ("
                    + e.getMessage() + ").", null);
        }
        Refund after = refunds.get(id);
        return new Decided("Approved refund #" + id + ". " + text.outcome(after), after);
    }

    /** Runs {@code hook} on the UI thread when an approval here executed a refund (or its execution failed). */
    public void setOnExecuted(java.util.function.Consumer<Executed> hook) {
        this.onExecuted = java.util.Objects.requireNonNull(hook);
    }

    public RefundList pending() {
        return pending;
    }

    public RefundList history() {
        return history;
    }

    public RefundText text() {
        return text;
    }

    public Caller caller() {
        return caller;
    }

    public StringProperty noteProperty() {
        return note;
    }

    public ReadOnlyObjectProperty<Context> contextProperty() {
        return context.getReadOnlyProperty();
    }

    /** The transfers the selected tip refund concerns. */
    public ObservableList<TipTransfer> transfers() {
        return transfers;
    }

    /** The balances now, in a sentence that says whether they still cover the request. */
    public ReadOnlyStringProperty contextTextProperty() {
        return contextText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Why the actions are not offered, or what is still missing. */
    public ReadOnlyStringProperty decisionHintProperty() {
        return decisionHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canApproveProperty() {
        return canApprove.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRejectProperty() {
        return canReject.getReadOnlyProperty();
    }

    /** Whether approve and reject are shown at all: a waiting request, an approver, not their own. */
    public ReadOnlyBooleanProperty offeredProperty() {
        return offered.getReadOnlyProperty();
    }

    /** The selected request is the caller's own: neither action is shown. */
    public ReadOnlyBooleanProperty ownRequestProperty() {
        return ownRequest.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
