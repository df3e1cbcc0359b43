package org.paydesk.ui.queue;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.queue.QueuedPayment.Status;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;

/**
 * The payment queue: a status filter, a participant search, the items newest first (more pages as
 * the user scrolls), the selected item in full below, and the clerk's actions. Polls every few
 * seconds while it is on screen, and not at all while it is not.
 */
public final class QueueView implements ScreenView {

    public static final Duration POLL = Duration.seconds(3);
    private static final Duration SEARCH_DELAY = Duration.millis(250);

    private final QueueViewModel viewModel;
    private final Supplier<QueueAddViewModel> addForms;
    private final Timeline poll;
    private final Parent root;

    @FXML private ComboBox<Status> statusBox;
    @FXML private TextField searchField;
    @FXML private Button addButton;
    @FXML private Button retryButton;
    @FXML private Button cancelButton;
    @FXML private Label processorLabel;
    @FXML private Label messageLabel;
    @FXML private Label placeholderLabel;
    @FXML private TableView<QueuedPayment> table;
    @FXML private TableColumn<QueuedPayment, Long> idColumn;
    @FXML private TableColumn<QueuedPayment, String> queuedColumn;
    @FXML private TableColumn<QueuedPayment, String> participantColumn;
    @FXML private TableColumn<QueuedPayment, String> kindColumn;
    @FXML private TableColumn<QueuedPayment, BigDecimal> amountColumn;
    @FXML private TableColumn<QueuedPayment, String> statusColumn;
    @FXML private TableColumn<QueuedPayment, String> reasonColumn;
    @FXML private TableColumn<QueuedPayment, String> noteColumn;
    @FXML private TextArea detailArea;

    /** {@code addForms} makes a fresh add form each time "Queue payment…" is pressed. */
    public QueueView(QueueViewModel viewModel, Supplier<QueueAddViewModel> addForms) {
        this.viewModel = viewModel;
        this.addForms = addForms;
        this.poll = new Timeline(new KeyFrame(POLL, e -> viewModel.refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().forEach(column -> column.setMinWidth(Math.round(column.getPrefWidth() * 0.7)));
        table.setItems(viewModel.rows());
        placeholderLabel.textProperty().bind(viewModel.placeholderProperty());
        idColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().id()));
        text(queuedColumn, item -> viewModel.time(item.queuedAt()));
        text(participantColumn, QueuedPayment::participant);
        text(kindColumn, item -> QueueViewModel.kindName(item.kind()));
        text(statusColumn, viewModel::statusText);
        text(reasonColumn, QueuedPayment::reason);
        text(noteColumn, item -> item.error() == null ? "" : item.error());
        amountColumn.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        amountColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().amount()));
        amountColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(BigDecimal amount, boolean empty) {
                super.updateItem(amount, empty);
                setText(empty ? null : viewModel.money(amount));
            }
        });
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(QueuedPayment item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("row-failed", "row-noted");
                setTooltip(null);
                if (!empty && item != null && item.error() != null) {
                    getStyleClass().add(item.status() == Status.FAILED ? "row-failed" : "row-noted");
                    Tooltip tip = new Tooltip(item.error());
                    tip.setWrapText(true);
                    tip.setMaxWidth(520);
                    setTooltip(tip);
                }
            }
        });
        // A poll replaces the rows and clears the table's selection for a moment; only a row chosen counts.
        table.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> {
            if (item != null) {
                viewModel.select(item);
            }
        });
        viewModel.rows().addListener((javafx.collections.ListChangeListener<QueuedPayment>) change -> {
            QueuedPayment chosen = viewModel.selectedProperty().get();
            if (chosen != null && table.getSelectionModel().getSelectedItem() != chosen) {
                table.getSelectionModel().select(chosen);
            }
        });
        viewModel.selectedProperty().addListener((o, old, item) -> {
            if (item != null && table.getSelectionModel().getSelectedItem() != item) {
                table.getSelectionModel().select(item);
                table.scrollTo(item);
            }
        });
        table.skinProperty().addListener((o, old, skin) -> watchScrolling());
        detailArea.textProperty().bind(viewModel.detailProperty());

        statusBox.getItems().add(null);
        statusBox.getItems().addAll(Status.values());
        statusBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Status status) {
                return status == null ? "All statuses" : QueueViewModel.statusName(status);
            }

            @Override
            public Status fromString(String text) {
                return null;
            }
        });
        statusBox.valueProperty().bindBidirectional(viewModel.statusFilterProperty());
        PauseTransition searchDelay = new PauseTransition(SEARCH_DELAY);
        searchDelay.setOnFinished(e -> viewModel.search(searchField.getText()));
        searchField.textProperty().addListener((o, old, now) -> searchDelay.playFromStart());

        processorLabel.textProperty().bind(viewModel.processorProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        addButton.setVisible(viewModel.canAdd());
        addButton.setManaged(viewModel.canAdd());
        retryButton.setVisible(viewModel.canAdd());
        retryButton.setManaged(viewModel.canAdd());
        cancelButton.setVisible(viewModel.canAdd());
        cancelButton.setManaged(viewModel.canAdd());
        retryButton.disableProperty().bind(viewModel.canRetryProperty().not());
        cancelButton.disableProperty().bind(viewModel.canCancelProperty().not());
        retryButton.setOnAction(e -> viewModel.retry());
        cancelButton.setOnAction(e -> viewModel.cancel());
        addButton.setOnAction(e -> openAddForm(null));

    }

    /** On screen: read the queue and poll it; a hidden screen costs nothing. */
    @Override
    public void shown() {
        viewModel.reload();
        poll.play();
    }

    @Override
    public void hidden() {
        poll.stop();
    }

    @Override
    public boolean focusSearch() {
        searchField.requestFocus();
        return true;
    }

    /** The queue screen for {@code caller}, with its add form, wired to the services it uses. */
    public static QueueView create(org.paydesk.queue.PaymentQueue queue, org.paydesk.participants.ParticipantDirectory directory,
                                   org.paydesk.staff.Caller caller, org.paydesk.ui.task.TaskExecutor executor,
                                   java.util.Currency currency, java.util.Locale locale) {
        QueueViewModel screen = new QueueViewModel(queue, caller, executor, currency, locale);
        return new QueueView(screen, () -> new QueueAddViewModel(queue,
                new org.paydesk.ui.picker.ParticipantPickerModel(directory, executor), caller, executor, currency, locale));
    }

    public QueueViewModel viewModel() {
        return viewModel;
    }

    /** Opens the add form, with {@code username} already chosen when given (from an account's detail). */
    public void openAddForm(String username) {
        QueueAddViewModel form = addForms.get();
        if (username != null) {
            form.picker().preselect(username);
        }
        QueueAddView.show(root.getScene() == null ? null : root.getScene().getWindow(), form, viewModel::added);
    }

    private static void text(TableColumn<QueuedPayment, String> column, Function<QueuedPayment, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, old, now) -> {
                javafx.scene.control.IndexedCell<?> last = flow.getLastVisibleCell();
                if (last != null && last.getIndex() >= viewModel.rows().size() - 20) {
                    viewModel.loadNextPage();
                }
            });
        }
    }

    @Override
    public Parent root() {
        return root;
    }
}
