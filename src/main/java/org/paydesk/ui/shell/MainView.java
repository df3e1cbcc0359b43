package org.paydesk.ui.shell;

import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.Theme;
import org.paydesk.ui.accounts.AccountsView;
import org.paydesk.ui.demo.DemoDataDialog;

/** The main window's content: the accounts screen above a status bar; shows the demo-data offer. */
public final class MainView {

    private final MainViewModel viewModel;
    private final AccountsView accounts;

    @FXML private BorderPane layout;
    @FXML private StatusBar statusBar;
    @FXML private Label progressLabel;
    @FXML private Label signedInLabel;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        this.accounts = new AccountsView(viewModel.accounts());
        Fxml.load(this);
    }

    @FXML
    private void initialize() {
        layout.setCenter(accounts.root());
        accounts.addToolbarItem(loadDemoButton());
        signedInLabel.setText(viewModel.signedInText());
        statusBar.textProperty().bind(viewModel.statusText());
        statusBar.progressProperty().bind(viewModel.progress());
        progressLabel.textProperty().bind(viewModel.progressMessage());
        viewModel.demo().offeredProperty().addListener((o, was, offered) -> {
            if (offered) {
                // Later, not inside the listener: a modal dialog must not run during a property change.
                Platform.runLater(() -> DemoDataDialog.ask(window(), viewModel.demo()));
            }
        });
        viewModel.demo().failureProperty().addListener((o, old, failure) -> {
            if (failure != null) {
                Platform.runLater(() -> showError("Demo data", failure));
            }
        });
    }

    /** Shown while the database is empty, so declining the offer at start-up is not final. */
    private Button loadDemoButton() {
        Button button = new Button("Load demo data…");
        button.setId("loadDemoData");
        button.visibleProperty().bind(viewModel.demo().databaseEmptyProperty()
                .and(viewModel.demo().runningProperty().not()));
        button.managedProperty().bind(button.visibleProperty());
        button.setOnAction(e -> DemoDataDialog.ask(window(), viewModel.demo()));
        return button;
    }

    private void showError(String header, String text) {
        Alert alert = new Alert(Alert.AlertType.ERROR, text);
        alert.initOwner(window());
        alert.setTitle("Paydesk");
        alert.setHeaderText(header);
        alert.getDialogPane().setPrefWidth(520);
        Theme.apply(alert.getDialogPane());
        alert.show();
    }

    private Window window() {
        return layout.getScene() == null ? null : layout.getScene().getWindow();
    }

    public BorderPane root() {
        return layout;
    }
}
