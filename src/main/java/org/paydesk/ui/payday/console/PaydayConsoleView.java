package org.paydesk.ui.payday.console;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.paydesk.payday.PaydayError;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.Theme;
import org.paydesk.ui.shell.ScreenView;

/**
 * The payday console: launch or resume (operators), the phases with the current one highlighted,
 * progress with rate and ETA, the live counters, the error list (double-click opens the account)
 * and cancel. Reads the database every second while shown; a run launched here also updates it
 * once per frame through an {@link AnimationTimer}, never more.
 */
public final class PaydayConsoleView implements ScreenView {

    /** Opens a participant's account over the console. */
    @FunctionalInterface
    public interface AccountOpener {
        void open(Window owner, long participantId);
    }

    public static final Duration POLL = Duration.seconds(1);

    private final PaydayConsoleViewModel viewModel;
    private final AccountOpener accounts;
    private final Timeline poll;
    private final AnimationTimer frames;
    private final Parent root;
    private final List<Label> phaseLabels = new ArrayList<>();
    private final List<Label> counterValues = new ArrayList<>();

    @FXML private Label messageLabel;
    @FXML private Button launchButton;
    @FXML private Button cancelButton;
    @FXML private Label headlineLabel;
    @FXML private Label detailLabel;
    @FXML private VBox phaseBox;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;
    @FXML private GridPane counterGrid;
    @FXML private Label errorsLabel;
    @FXML private TableView<PaydayError> errorTable;
    @FXML private TableColumn<PaydayError, String> participantColumn;
    @FXML private TableColumn<PaydayError, String> counterpartyColumn;
    @FXML private TableColumn<PaydayError, String> phaseColumn;
    @FXML private TableColumn<PaydayError, String> messageColumn;
    @FXML private TableColumn<PaydayError, String> timeColumn;

    public PaydayConsoleView(PaydayConsoleViewModel viewModel, AccountOpener accounts) {
        this.viewModel = viewModel;
        this.accounts = accounts;
        this.poll = new Timeline(new KeyFrame(POLL, e -> viewModel.refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        this.frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                viewModel.pulse();
            }
        };
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(viewModel.messageProperty());
        messageLabel.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        headlineLabel.textProperty().bind(viewModel.headlineProperty());
        detailLabel.textProperty().bind(viewModel.detailProperty());
        progressBar.progressProperty().bind(viewModel.progressProperty());
        progressLabel.textProperty().bind(viewModel.progressTextProperty());
        errorsLabel.textProperty().bind(viewModel.errorsNoteProperty());

        boolean operator = viewModel.isOperator();
        launchButton.setVisible(operator);
        launchButton.setManaged(operator);
        cancelButton.setVisible(operator);
        cancelButton.setManaged(operator);
        launchButton.textProperty().bind(viewModel.launchTextProperty());
        launchButton.disableProperty().bind(viewModel.canLaunchProperty().not());
        cancelButton.disableProperty().bind(viewModel.canCancelProperty().not());
        launchButton.setOnAction(e -> confirmAndLaunch());
        cancelButton.setOnAction(e -> viewModel.cancel());

        viewModel.phases().addListener((ListChangeListener<PaydayConsoleViewModel.PhaseLine>) c -> showPhases());
        showPhases();
        viewModel.counters().addListener((ListChangeListener<PaydayConsoleViewModel.Counter>) c -> showCounters());
        showCounters();

        errorTable.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        errorTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        errorTable.setItems(viewModel.errors());
        text(participantColumn, e -> e.participant() == null ? "" : e.participant());
        text(counterpartyColumn, e -> e.counterparty() == null ? "" : e.counterparty());
        text(phaseColumn, e -> PaydayConsoleViewModel.phaseName(e.phase()));
        text(messageColumn, e -> e.message());
        text(timeColumn, e -> viewModel.time(e.at()));
        errorTable.setRowFactory(t -> {
            TableRow<PaydayError> row = new TableRow<>() {
                @Override
                protected void updateItem(PaydayError item, boolean empty) {
                    super.updateItem(item, empty);
                    if (empty || item == null) {
                        setTooltip(null);
                    } else {
                        Tooltip tip = new Tooltip(item.message()
                                + (item.participantId() == null ? "" : "\nDouble-click to open the account."));
                        tip.setWrapText(true);
                        tip.setMaxWidth(560);
                        setTooltip(tip);
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    openAccount(row.getItem());
                }
            });
            return row;
        });
        errorTable.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                openAccount(errorTable.getSelectionModel().getSelectedItem());
            }
        });
    }

    private void openAccount(PaydayError item) {
        if (item != null && item.participantId() != null) {
            accounts.open(root.getScene().getWindow(), item.participantId());
        }
    }

    private void confirmAndLaunch() {
        viewModel.prepareLaunch(this::confirm);
    }

    private void confirm(PaydayConsoleViewModel.Confirmation confirmation) {
        ButtonType force = new ButtonType("Force it (audited)", javafx.scene.control.ButtonBar.ButtonData.OTHER);
        Alert confirm = confirmation.refusal() == null
                ? new Alert(Alert.AlertType.CONFIRMATION, confirmation.text(), ButtonType.CANCEL, ButtonType.OK)
                : new Alert(Alert.AlertType.WARNING, confirmation.text(), ButtonType.CANCEL, force);
        confirm.initOwner(root.getScene().getWindow());
        confirm.setTitle("Paydesk: payday");
        confirm.setHeaderText(viewModel.launchTextProperty().get().replace("…", ""));
        confirm.getDialogPane().setId("paydayConfirm");
        Theme.apply(confirm.getDialogPane());
        confirm.getDialogPane().setPrefWidth(640);
        if (confirmation.refusal() == null) {
            ((Button) confirm.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(true);
        }
        confirm.showAndWait().ifPresent(b -> {
            if (b == ButtonType.OK) {
                viewModel.launch(false);
            } else if (b == force) {
                viewModel.launch(true);
            }
        });
    }

    private void showPhases() {
        List<PaydayConsoleViewModel.PhaseLine> lines = viewModel.phases();
        while (phaseLabels.size() < lines.size()) {
            Label label = new Label();
            label.setMaxWidth(Double.MAX_VALUE);
            phaseLabels.add(label);
            phaseBox.getChildren().add(label);
        }
        for (int i = 0; i < lines.size(); i++) {
            PaydayConsoleViewModel.PhaseLine line = lines.get(i);
            Label label = phaseLabels.get(i);
            String mark = switch (line.state()) {
                case DONE -> "✓ ";
                case CURRENT -> "▶ ";
                case WAITING -> "   ";
            };
            label.setText(mark + line.name() + (line.seconds().isEmpty() ? "" : "   " + line.seconds()));
            label.getStyleClass().removeAll("phase-done", "phase-current", "phase-waiting");
            label.getStyleClass().add("phase-" + line.state().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void showCounters() {
        List<PaydayConsoleViewModel.Counter> all = viewModel.counters();
        if (counterValues.size() != all.size()) {
            counterGrid.getChildren().clear();
            counterValues.clear();
            for (int i = 0; i < all.size(); i++) {
                Label name = new Label(all.get(i).label());
                name.getStyleClass().add("text-muted");
                Label value = new Label();
                value.getStyleClass().add("counter-value");
                value.setId("counter-" + i);
                counterGrid.add(name, (i % 2) * 2, i / 2);
                counterGrid.add(value, (i % 2) * 2 + 1, i / 2);
                counterValues.add(value);
            }
        }
        for (int i = 0; i < all.size(); i++) {
            counterValues.get(i).setText(all.get(i).value());
        }
    }

    private static void text(TableColumn<PaydayError, String> column, Function<PaydayError, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    @Override
    public Parent root() {
        return root;
    }

    /** On screen: read the payday now and every second; follow a run launched here frame by frame. */
    @Override
    public void shown() {
        viewModel.refresh();
        poll.play();
        frames.start();
    }

    /** Off screen: no polling. A run launched here goes on; the console catches up when shown again. */
    @Override
    public void hidden() {
        poll.stop();
        frames.stop();
    }

    public PaydayConsoleViewModel viewModel() {
        return viewModel;
    }
}
