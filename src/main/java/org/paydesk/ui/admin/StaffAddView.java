package org.paydesk.ui.admin;

import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.paydesk.staff.Role;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.Theme;

/** The "add a staff member" form, shown in a dialog; each field's error sits right under it. */
public final class StaffAddView {

    public static final ButtonType ADD = new ButtonType("Add staff member", ButtonBar.ButtonData.OK_DONE);

    private final StaffAddViewModel viewModel;
    private final Parent root;

    @FXML private TextField usernameField;
    @FXML private Label usernameError;
    @FXML private TextField displayNameField;
    @FXML private CheckBox clerkBox;
    @FXML private CheckBox approverBox;
    @FXML private CheckBox operatorBox;
    @FXML private CheckBox adminBox;
    @FXML private Label rolesError;
    @FXML private PasswordField passwordField;
    @FXML private Label passwordError;
    @FXML private PasswordField repeatedField;
    @FXML private Label repeatedError;
    @FXML private Label problemLabel;

    public StaffAddView(StaffAddViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
        root.disableProperty().bind(viewModel.busyProperty());
    }

    @FXML
    private void initialize() {
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        displayNameField.textProperty().bindBidirectional(viewModel.displayNameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        repeatedField.textProperty().bindBidirectional(viewModel.repeatedProperty());
        clerkBox.selectedProperty().bindBidirectional(viewModel.roleProperty(Role.CLERK));
        approverBox.selectedProperty().bindBidirectional(viewModel.roleProperty(Role.APPROVER));
        operatorBox.selectedProperty().bindBidirectional(viewModel.roleProperty(Role.OPERATOR));
        adminBox.selectedProperty().bindBidirectional(viewModel.roleProperty(Role.ADMIN));
        showError(usernameError, viewModel.usernameErrorProperty());
        showError(rolesError, viewModel.rolesErrorProperty());
        showError(passwordError, viewModel.passwordErrorProperty());
        showError(repeatedError, viewModel.repeatedErrorProperty());
        showError(problemLabel, viewModel.problemProperty());
    }

    static void showError(Label label, ObservableStringValue error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(Bindings.isNotEmpty(error));
        label.managedProperty().bind(label.visibleProperty());
    }

    /** Shows the form in a dialog over {@code owner}; it closes itself once the staff member is added. */
    public static Dialog<ButtonType> show(Window owner, StaffAddViewModel viewModel, BiConsumer<Long, String> then) {
        StaffAddView view = new StaffAddView(viewModel);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Add a staff member");
        dialog.setHeaderText("They sign in with this username and password.");
        dialog.getDialogPane().setContent(view.root);
        dialog.getDialogPane().getButtonTypes().setAll(ADD, ButtonType.CANCEL);
        dialog.getDialogPane().setId("staffAddDialog");
        Theme.apply(dialog.getDialogPane());
        Button add = (Button) dialog.getDialogPane().lookupButton(ADD);
        add.setId("staffAddButton");
        add.disableProperty().bind(viewModel.busyProperty());
        add.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.submit();
        });
        viewModel.setOnAdded((id, name) -> {
            dialog.setResult(ADD);
            dialog.close();
            then.accept(id, name);
        });
        dialog.setOnShown(e -> view.usernameField.requestFocus());
        dialog.show();
        return dialog;
    }
}
