package org.paydesk.ui.shell;

import javafx.scene.control.Alert;
import javafx.stage.Window;
import org.paydesk.ui.Theme;

/**
 * The account detail screen's entry points into other screens' forms: "Queue a payment…" and
 * "Request a refund…" (both CLERK). The detail screen only calls these; the forms themselves
 * belong to the payment-queue and refund screens, and {@code org.paydesk.ui.MainScreens} wires
 * their implementation in. Until then {@link #NOT_YET} says plainly that they are not available.
 */
public interface AccountActions {

    /** Opens the form to queue a payment for the participant, with the participant filled in. */
    void queuePayment(Window owner, long participantId, String username);

    /** Opens the form to request a refund for the participant, with the participant filled in. */
    void requestRefund(Window owner, long participantId, String username);

    /** Placeholder wiring: both actions say they are not available yet. */
    AccountActions NOT_YET = new AccountActions() {
        @Override
        public void queuePayment(Window owner, long participantId, String username) {
            notYet(owner, "Queueing a payment");
        }

        @Override
        public void requestRefund(Window owner, long participantId, String username) {
            notYet(owner, "Requesting a refund");
        }

        private void notYet(Window owner, String what) {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, what + " from this screen is not available yet.");
            alert.initOwner(owner);
            alert.setTitle("Paydesk");
            alert.setHeaderText(null);
            Theme.apply(alert.getDialogPane());
            alert.show();
        }
    };
}
