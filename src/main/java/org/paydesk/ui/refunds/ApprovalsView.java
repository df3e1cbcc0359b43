package org.paydesk.ui.refunds;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.util.Duration;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.TipTransfer;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.refunds.RefundTables.Column;

/**
 * The approver's screen: waiting requests on the left, the selected one with its account's context
 * and the decision on the right (no approve or reject for one's own request), decided refunds on
 * the second tab.
 */
public final class ApprovalsView implements ScreenView {

    private static final Duration POLL = Duration.seconds(4);

    private final ApprovalsViewModel viewModel;
    private final Timeline poll;
    private final Parent root;

    @FXML private Label messageLabel;
    @FXML private TabPane tabs;
    @FXML private Tab pendingTab;
    @FXML private Tab historyTab;
    @FXML private TableView<Refund> pendingTable;
    @FXML private Label pendingPlaceholder;
    @FXML private Label detailLabel;
    @FXML private Label contextLabel;
    @FXML private TableView<TipTransfer> transfersTable;
    @FXML private TableColumn<TipTransfer, Long> paydayColumn;
    @FXML private TableColumn<TipTransfer, String> dateColumn;
    @FXML private TableColumn<TipTransfer, String> tippeeColumn;
    @FXML private TableColumn<TipTransfer, String> transferredColumn;
    @FXML private Label noteLabel;
    @FXML private TextArea noteArea;
    @FXML private Label hintLabel;
    @FXML private Button approveButton;
    @FXML private Button rejectButton;
    @FXML private TableView<Refund> historyTable;
    @FXML private Label historyPlaceholder;
    @FXML private TextArea historyDetail;

    public ApprovalsView(ApprovalsViewModel viewModel) {
        this.viewModel = viewModel;
        this.poll = new Timeline(new KeyFrame(POLL, e -> viewModel.refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        RefundText text = viewModel.text();
        RefundTables.configure(pendingTable, viewModel.pending(), text, Column.ID, Column.PARTICIPANT, Column.KIND,
                Column.AMOUNT, Column.REQUESTED_BY, Column.REASON);
        RefundTables.configure(historyTable, viewModel.history(), text, Column.ID, Column.PARTICIPANT, Column.KIND,
                Column.AMOUNT, Column.REQUESTED_BY, Column.DECIDED_BY, Column.STATUS, Column.OUTCOME);
        pendingPlaceholder.textProperty().bind(viewModel.pending().placeholderProperty());
        historyPlaceholder.textProperty().bind(viewModel.history().placeholderProperty());
        historyDetail.textProperty().bind(Bindings.createStringBinding(() -> {
            Refund refund = viewModel.history().selectedProperty().get();
            return refund == null ? "" : text.detail(refund);
        }, viewModel.history().selectedProperty()));

        transfersTable.getStyleClass().add(Styles.DENSE);
        transfersTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        transfersTable.setItems(viewModel.transfers());
        paydayColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().paydayId()));
        dateColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.time(cell.getValue().paydayStart())));
        tippeeColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().tippee()));
        transferredColumn.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        transferredColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.money(cell.getValue().amount())));

        detailLabel.textProperty().bind(viewModel.detailProperty());
        contextLabel.textProperty().bind(viewModel.contextTextProperty());
        noteArea.textProperty().bindBidirectional(viewModel.noteProperty());
        hintLabel.textProperty().bind(viewModel.decisionHintProperty());
        hintLabel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.decisionHintProperty()));
        hintLabel.managedProperty().bind(hintLabel.visibleProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        var selected = viewModel.pending().selectedProperty().isNotNull();
        for (var node : new javafx.scene.Node[] {noteLabel, noteArea}) {
            node.visibleProperty().bind(viewModel.offeredProperty());
            node.managedProperty().bind(node.visibleProperty());
        }
        transfersTable.visibleProperty().bind(selected.and(Bindings.isNotEmpty(viewModel.transfers())));
        transfersTable.managedProperty().bind(transfersTable.visibleProperty());
        // One's own request offers no decision at all: the buttons are absent, not merely disabled.
        for (Button button : new Button[] {approveButton, rejectButton}) {
            button.visibleProperty().bind(viewModel.offeredProperty());
            button.managedProperty().bind(button.visibleProperty());
        }
        approveButton.disableProperty().bind(viewModel.canApproveProperty().not());
        rejectButton.disableProperty().bind(viewModel.canRejectProperty().not());
        approveButton.setOnAction(e -> viewModel.approve());
        rejectButton.setOnAction(e -> viewModel.reject());

    }

    /** The approver's screen for {@code caller}, wired to the services it uses. */
    public static ApprovalsView create(org.paydesk.refunds.RefundService refunds, org.paydesk.queue.PaymentQueue queue,
                                       org.paydesk.staff.Caller caller, org.paydesk.ui.task.TaskExecutor executor,
                                       RefundText text) {
        return create(refunds, queue, caller, executor, text, executed -> { });
    }

    /** As above; {@code onExecuted} hears of each refund an approval here executed. */
    public static ApprovalsView create(org.paydesk.refunds.RefundService refunds, org.paydesk.queue.PaymentQueue queue,
                                       org.paydesk.staff.Caller caller, org.paydesk.ui.task.TaskExecutor executor,
                                       RefundText text,
                                       java.util.function.Consumer<ApprovalsViewModel.Executed> onExecuted) {
        ApprovalsViewModel viewModel = new ApprovalsViewModel(refunds, queue, caller, executor, text);
        viewModel.setOnExecuted(onExecuted);
        return new ApprovalsView(viewModel);
    }

    /** Shows the decided refunds' tab. */
    public void showHistory() {
        tabs.getSelectionModel().select(historyTab);
    }

    @Override
    public Parent root() {
        return root;
    }

    /** On screen: read the refunds and poll them; a hidden screen costs nothing. */
    @Override
    public void shown() {
        viewModel.reload();
        poll.play();
    }

    @Override
    public void hidden() {
        poll.stop();
    }
}
