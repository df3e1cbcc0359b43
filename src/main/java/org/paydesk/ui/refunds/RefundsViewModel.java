package org.paydesk.ui.refunds;

import java.util.EnumSet;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.paydesk.refunds.RefundService;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.staff.Caller;
import org.paydesk.ui.task.TaskExecutor;

/** The clerk's refund screen: every refund (or those with one status) newest first, and the request form. */
public final class RefundsViewModel {

    public static final int PAGE_SIZE = 100;

    private final Caller caller;
    private final RefundText text;
    private final RefundList list;
    private final Supplier<RefundRequestViewModel> forms;
    private final ObjectProperty<Status> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    /** {@code forms} makes a fresh request form each time one is opened. */
    public RefundsViewModel(RefundService refunds, Caller caller, TaskExecutor executor, RefundText text,
                            Supplier<RefundRequestViewModel> forms) {
        this.caller = caller;
        this.text = text;
        this.forms = forms;
        this.list = new RefundList(refunds, executor, EnumSet.noneOf(Status.class), PAGE_SIZE,
                "No refund yet. A clerk requests one with “Request a refund…”; an approver decides.");
        statusFilter.addListener((o, old, status) -> list.show(status == null ? EnumSet.noneOf(Status.class) : EnumSet.of(status)));
        list.selectedProperty().addListener((o, old, refund) -> detail.set(refund == null ? "" : text.detail(refund)));
    }

    public boolean canRequest() {
        return RefundRequestViewModel.allowed(caller);
    }

    /** A fresh request form; {@link #requested} is to be called with what it requested. */
    public RefundRequestViewModel newRequest() {
        return forms.get();
    }

    public void requested(long id) {
        message.set("Requested refund #" + id + "; an approver other than " + caller.username() + " decides on it.");
        list.reloadAndSelect(id);
    }

    public RefundList list() {
        return list;
    }

    public RefundText text() {
        return text;
    }

    public ObjectProperty<Status> statusFilterProperty() {
        return statusFilter;
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
