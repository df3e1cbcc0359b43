package org.paydesk.ui.admin;

import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.VPos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.paydesk.settings.SettingsStore;
import org.paydesk.staff.Caller;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.task.TaskExecutor;

/** The settings form: one row per setting, with what it means and its error under the field. */
public final class SettingsView implements ScreenView {

    private final SettingsViewModel viewModel;
    private final Parent root;

    @FXML private Label messageLabel;
    @FXML private Button reloadButton;
    @FXML private Button saveButton;
    @FXML private Label problemLabel;
    @FXML private GridPane form;

    public SettingsView(SettingsViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(viewModel.messageProperty());
        StaffAddView.showError(problemLabel, viewModel.problemProperty());
        saveButton.disableProperty().bind(viewModel.canSaveProperty().not());
        saveButton.setOnAction(e -> viewModel.save());
        reloadButton.disableProperty().bind(viewModel.busyProperty());
        reloadButton.setOnAction(e -> viewModel.reload());
        // After a refused stale save, reloading is the way on: make it the button that stands out.
        viewModel.staleProperty().addListener((o, was, stale) -> {
            reloadButton.getStyleClass().remove("accent");
            if (stale) {
                reloadButton.getStyleClass().add("accent");
            }
        });
        form.disableProperty().bind(viewModel.busyProperty());
        viewModel.fields().addListener((ListChangeListener<SettingsViewModel.Field>) c -> build());
        build();
    }

    private void build() {
        form.getChildren().clear();
        int row = 0;
        for (SettingsViewModel.Field field : viewModel.fields()) {
            Label label = new Label(field.label());
            label.getStyleClass().add("form-label");
            TextField text = new TextField();
            text.setId("setting-" + field.key().replace('.', '-'));
            text.setPrefColumnCount(10);
            text.setMinWidth(110);
            text.setMaxWidth(160);
            text.textProperty().bindBidirectional(field.textProperty());
            label.setLabelFor(text);
            Label hint = new Label(field.hint());
            hint.getStyleClass().add("text-muted");
            hint.setWrapText(true);
            hint.setMinWidth(0);
            HBox.setHgrow(hint, Priority.ALWAYS);
            HBox line = new HBox(10, text, hint);
            line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            Label error = new Label();
            error.setId("error-" + field.key().replace('.', '-'));
            error.getStyleClass().add("field-error");
            error.setWrapText(true);
            error.setMinHeight(Label.USE_PREF_SIZE);
            StaffAddView.showError(error, field.errorProperty());
            text.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), field.errorProperty().get() != null);
            field.errorProperty().addListener((o, old, now) ->
                    text.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), now != null));
            VBox cell = new VBox(3, line, error);
            GridPane.setValignment(label, VPos.TOP);
            form.addRow(row++, label, cell);
        }
    }

    @Override
    public void shown() {
        if (!viewModel.loadedProperty().get() || !viewModel.changedProperty().get()) {
            viewModel.reload();
        }
    }

    /** The settings screen for {@code caller} (an ADMIN); {@code afterSave} runs after each save, off the FX thread. */
    public static SettingsView create(SettingsStore store, Runnable afterSave,
                                      Caller caller, TaskExecutor executor) {
        return new SettingsView(new SettingsViewModel(new SettingsViewModel.Store() {
            @Override
            public List<SettingsStore.Entry> list() {
                return store.list();
            }

            @Override
            public void save(Map<String, String> changes, Map<String, Long> seenVersions) {
                store.updateAll(caller, changes, seenVersions);
                afterSave.run();
            }
        }, executor));
    }

    public SettingsViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Parent root() {
        return root;
    }
}
