package org.paydesk.ui.signin;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.util.Duration;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.paydesk.ui.Fxml;

/** Asks a staff member for their name and password. */
public final class SignInView implements CredentialsView {

    private final SignInViewModel viewModel;
    private final Parent root;

    @FXML private Label titleLabel;
    @FXML private Label databaseLabel;
    @FXML private GridPane fields;
    @FXML private Label newPasswordLabel;
    @FXML private PasswordField newPasswordField;
    @FXML private Label repeatedLabel;
    @FXML private PasswordField repeatedField;
    @FXML private Label usernameLabel;
    @FXML private TextField usernameField;
    @FXML private Label passwordLabel;
    @FXML private PasswordField passwordField;
    @FXML private Node checking;
    @FXML private Label problemLabel;
    @FXML private Button signInButton;
    @FXML private Button cancelButton;

    public SignInView(SignInViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        usernameLabel.setLabelFor(usernameField);
        passwordLabel.setLabelFor(passwordField);
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        fields.disableProperty().bind(viewModel.busyProperty());
        signInButton.disableProperty().bind(viewModel.canSignIn().not());
        signInButton.setOnAction(e -> viewModel.signIn());
        FormStatus.bind(viewModel, checking, problemLabel, cancelButton, passwordField);
        // After a reset by an administrator: the name and password are known, a new password is asked for.
        newPasswordLabel.setLabelFor(newPasswordField);
        repeatedLabel.setLabelFor(repeatedField);
        newPasswordField.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        repeatedField.textProperty().bindBidirectional(viewModel.repeatedPasswordProperty());
        for (Node node : new Node[] {newPasswordLabel, newPasswordField, repeatedLabel, repeatedField}) {
            node.visibleProperty().bind(viewModel.mustChangeProperty());
            node.managedProperty().bind(viewModel.mustChangeProperty());
        }
        usernameField.disableProperty().bind(viewModel.mustChangeProperty());
        passwordField.disableProperty().bind(viewModel.mustChangeProperty());
        viewModel.mustChangeProperty().addListener((o, was, now) -> {
            if (now) {
                titleLabel.setText("Choose a new password");
                signInButton.setText("Change password and sign in");
                javafx.application.Platform.runLater(() -> {
                    newPasswordField.requestFocus();
                    if (root.getScene() != null && root.getScene().getWindow() != null) {
                        root.getScene().getWindow().sizeToScene();
                    }
                });
            }
        });
        viewModel.problemProperty().addListener((o, old, now) -> {
            if (now != null && viewModel.mustChangeProperty().get()) {
                javafx.application.Platform.runLater(newPasswordField::requestFocus);
            }
        });
        // The slow-down counts down live; the timeline runs only while there is a wait to count.
        Timeline countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> viewModel.tick()));
        countdown.setCycleCount(Timeline.INDEFINITE);
        viewModel.waitSecondsProperty().addListener((o, old, left) -> {
            if (left.longValue() > 0) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });
        // The name first, unless it is already filled in.
        usernameField.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                (usernameField.getText().isEmpty() ? usernameField : passwordField).requestFocus();
            }
        });
    }

    /**
     * Shows {@code status} under the title: while the database still opens, a sign-in asked for
     * waits for it. The line keeps its place, so the window does not change size when it changes.
     */
    public void showDatabaseStatus(javafx.beans.value.ObservableStringValue status) {
        databaseLabel.textProperty().bind(status);
        databaseLabel.setVisible(true);
        databaseLabel.setManaged(true);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public String title() {
        return "Paydesk: sign in";
    }

    @Override
    public CredentialsForm form() {
        return viewModel;
    }
}
