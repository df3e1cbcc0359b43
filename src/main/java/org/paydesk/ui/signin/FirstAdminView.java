package org.paydesk.ui.signin;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.paydesk.ui.Fxml;

/** The first run: creates the administrator who will add everyone else. */
public final class FirstAdminView implements CredentialsView {

    private final FirstAdminViewModel viewModel;
    private final Parent root;

    @FXML private GridPane fields;
    @FXML private Label usernameLabel;
    @FXML private TextField usernameField;
    @FXML private Label displayNameLabel;
    @FXML private TextField displayNameField;
    @FXML private Label passwordLabel;
    @FXML private PasswordField passwordField;
    @FXML private Label repeatedLabel;
    @FXML private PasswordField repeatedField;
    @FXML private Node checking;
    @FXML private Label problemLabel;
    @FXML private Button createButton;
    @FXML private Button cancelButton;

    public FirstAdminView(FirstAdminViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        usernameLabel.setLabelFor(usernameField);
        displayNameLabel.setLabelFor(displayNameField);
        passwordLabel.setLabelFor(passwordField);
        repeatedLabel.setLabelFor(repeatedField);
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        displayNameField.textProperty().bindBidirectional(viewModel.displayNameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        repeatedField.textProperty().bindBidirectional(viewModel.repeatedProperty());
        fields.disableProperty().bind(viewModel.busyProperty());
        createButton.disableProperty().bind(viewModel.canCreate().not());
        createButton.setOnAction(e -> viewModel.create());
        FormStatus.bind(viewModel, checking, problemLabel, cancelButton, passwordField);
        usernameField.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                usernameField.requestFocus();
            }
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public String title() {
        return "Paydesk: first run";
    }

    @Override
    public CredentialsForm form() {
        return viewModel;
    }
}
