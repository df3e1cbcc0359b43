package org.paydesk.ui;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import javafx.stage.Window;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.refunds.RefundService;
import org.paydesk.staff.Caller;
import org.paydesk.ui.picker.ParticipantPickerModel;
import org.paydesk.ui.queue.QueueAddView;
import org.paydesk.ui.queue.QueueAddViewModel;
import org.paydesk.ui.refunds.RefundRequestView;
import org.paydesk.ui.refunds.RefundRequestViewModel;
import org.paydesk.ui.refunds.RefundText;
import org.paydesk.ui.shell.AccountActions;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The account detail's "Queue a payment…" and "Request a refund…": the queue's and the refunds'
 * own forms, opened with the participant already chosen.
 */
final class FormActions implements AccountActions {

    private final PaymentQueue queue;
    private final RefundService refunds;
    private final ParticipantDirectory directory;
    private final Caller caller;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;

    FormActions(PaymentQueue queue, RefundService refunds, ParticipantDirectory directory, Caller caller,
                TaskExecutor executor, Currency currency, Locale locale) {
        this.queue = queue;
        this.refunds = refunds;
        this.directory = directory;
        this.caller = caller;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
    }

    @Override
    public void queuePayment(Window owner, long participantId, String username) {
        QueueAddViewModel form = new QueueAddViewModel(queue, new ParticipantPickerModel(directory, executor), caller,
                executor, currency, locale);
        form.picker().preselect(username);
        QueueAddView.show(owner, form, added -> Dialogs.inform(owner, "Payment queue", added.message()));
    }

    @Override
    public void requestRefund(Window owner, long participantId, String username) {
        RefundRequestViewModel form = new RefundRequestViewModel(refunds, new ParticipantPickerModel(directory, executor),
                caller, executor, new RefundText(currency, locale, ZoneId.systemDefault()));
        form.picker().preselect(username);
        RefundRequestView.show(owner, form, id -> Dialogs.inform(owner, "Refunds",
                "Requested refund #" + id + "; an approver other than " + caller.username() + " decides on it."));
    }

    /** A short confirmation once a form did its work. */
    private static final class Dialogs {
        static void inform(Window owner, String title, String text) {
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION, text);
            alert.initOwner(owner);
            alert.setTitle("Paydesk");
            alert.setHeaderText(title);
            Theme.apply(alert.getDialogPane());
            alert.show();
        }
    }
}
