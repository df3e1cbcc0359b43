package org.paydesk.ui.signin;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;

/** The parts both dialogs wire the same way: the busy row, the problem line and the two buttons. */
final class FormStatus {

    private FormStatus() {
    }

    static void bind(CredentialsForm form, Node checking, Label problem, Button cancel, TextInputControl retryField) {
        checking.visibleProperty().bind(form.busyProperty());
        problem.visibleProperty().bind(form.busyProperty().not());
        problem.textProperty().bind(form.problemProperty());
        cancel.setOnAction(e -> form.cancel());
        form.problemProperty().addListener((o, old, now) -> {
            if (now != null) {
                // Later: the field is still disabled while the busy flag changes in the same callback.
                Platform.runLater(retryField::requestFocus);
            }
        });
    }
}
