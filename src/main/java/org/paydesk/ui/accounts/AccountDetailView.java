package org.paydesk.ui.accounts;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.math.BigDecimal;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.paydesk.accounts.AccountDetails.AuditRow;
import org.paydesk.accounts.AccountDetails.Exchange;
import org.paydesk.accounts.AccountDetails.LedgerLine;
import org.paydesk.accounts.AccountDetails.Queued;
import org.paydesk.accounts.AccountDetails.Refund;
import org.paydesk.accounts.AccountDetails.Summary;
import org.paydesk.accounts.AccountDetails.Tip;
import org.paydesk.participants.Review;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.AccountActions;

/**
 * One participant's account: a summary, the review-state form (APPROVER only), the queue-payment and
 * refund entry points (CLERK only), and one tab per history, each newest first.
 */
public final class AccountDetailView {

    private final AccountDetailViewModel viewModel;
    private final AccountActions actions;
    private final Runnable back;
    private final Parent root;

    @FXML private Button backButton;
    @FXML private Label titleLabel;
    @FXML private Button queuePaymentButton;
    @FXML private Button requestRefundButton;
    @FXML private GridPane summaryGrid;
    @FXML private GridPane stateGrid;
    @FXML private FlowPane reviewForm;
    @FXML private ComboBox<Review> reviewChoice;
    @FXML private TextField reasonField;
    @FXML private Button changeReviewButton;
    @FXML private Label reviewMessage;
    @FXML private Label problemLabel;
    @FXML private TabPane tabs;

    public AccountDetailView(AccountDetailViewModel viewModel, AccountActions actions, Runnable back) {
        this.viewModel = viewModel;
        this.actions = actions;
        this.back = back;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        backButton.setOnAction(e -> back.run());
        backButton.setTooltip(new Tooltip("Back to the list (Escape)"));
        titleLabel.setText("Account");
        problemLabel.textProperty().bind(viewModel.problemProperty());
        problemLabel.visibleProperty().bind(viewModel.problemProperty().isNotNull());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        viewModel.summaryProperty().addListener((o, old, summary) -> showSummary(summary));

        showOnly(queuePaymentButton, viewModel.mayQueuePayment());
        showOnly(requestRefundButton, viewModel.mayRequestRefund());
        queuePaymentButton.setOnAction(e -> withSummary(s -> actions.queuePayment(window(), s.id(), s.username())));
        requestRefundButton.setOnAction(e -> withSummary(s -> actions.requestRefund(window(), s.id(), s.username())));

        showOnly(reviewForm, viewModel.mayChangeReview());
        reviewChoice.getItems().setAll(Review.values());
        reviewChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Review review) {
                return review == null ? "" : AccountsView.capitalized(review.name());
            }

            @Override
            public Review fromString(String text) {
                return null;
            }
        });
        reviewChoice.valueProperty().bindBidirectional(viewModel.newReviewProperty());
        reasonField.textProperty().bindBidirectional(viewModel.reviewReasonProperty());
        changeReviewButton.disableProperty().bind(viewModel.canSubmitReview().not());
        changeReviewButton.setOnAction(e -> viewModel.changeReview());
        reasonField.setOnAction(e -> viewModel.changeReview());
        reviewMessage.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> viewModel.reviewProblemProperty().get() != null ? viewModel.reviewProblemProperty().get()
                        : viewModel.reviewDoneProperty().get(),
                viewModel.reviewProblemProperty(), viewModel.reviewDoneProperty()));
        viewModel.reviewProblemProperty().addListener((o, old, now) -> {
            reviewMessage.getStyleClass().remove("detail-problem");
            if (now != null) {
                reviewMessage.getStyleClass().add("detail-problem");
            }
        });

        tabs.getTabs().setAll(ledgerTab(), tipsTab("Tips given", "tipsGiven", "To", viewModel.tipsGiven()),
                tipsTab("Tips received", "tipsReceived", "From", viewModel.tipsReceived()), exchangesTab(),
                queuedTab(), refundsTab(), auditTab());
    }

    private static void showOnly(javafx.scene.Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    private void withSummary(java.util.function.Consumer<Summary> action) {
        Summary summary = viewModel.summaryProperty().get();
        if (summary != null) {
            action.accept(summary);
        }
    }

    private void showSummary(Summary s) {
        summaryGrid.getChildren().clear();
        stateGrid.getChildren().clear();
        if (s == null) {
            return;
        }
        titleLabel.setText(s.username() + " · " + s.displayName());
        String[][] cells = {
                {"Committed", viewModel.money(s.committed()), "Review", AccountsView.capitalized(s.review().name())},
                {"Pending", viewModel.money(s.pending()), "Card", orDash(s.cardToken())},
                {"Owed", viewModel.money(s.owed()), "Bank", orDash(s.bankToken())},
                {"Visible balance", viewModel.money(s.visible()), "Last charge", orDash(s.lastChargeResult())},
                {"Joined", viewModel.when(s.createdAt()), "Last payout", orDash(s.lastPayoutResult())},
                {"Claimed", s.claimedAt() == null ? "not claimed" : viewModel.when(s.claimedAt()), "", ""}};
        for (int row = 0; row < cells.length; row++) {
            for (int col = 0; col < 4; col++) {
                Label label = new Label(cells[row][col]);
                label.setMinWidth(Region.USE_PREF_SIZE);
                label.getStyleClass().add(col % 2 == 0 ? "detail-key" : "detail-value");
                if (col == 1) {
                    label.setId("summary-" + cells[row][0].toLowerCase().replace(' ', '-'));
                }
                (col < 2 ? summaryGrid : stateGrid).add(label, col % 2, row);
            }
        }
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "—" : text;
    }

    private Tab ledgerTab() {
        TableView<LedgerLine> table = table("ledgerTable", viewModel.ledger(), "No ledger entries yet.");
        table.getColumns().add(textColumn("When", 150, l -> viewModel.when(l.at())));
        table.getColumns().add(textColumn("Kind", 175, LedgerLine::kind));
        table.getColumns().add(moneyColumn("Amount", 110, LedgerLine::amount));
        table.getColumns().add(textColumn("Counterparty", 180, LedgerLine::counterparty));
        table.getColumns().add(textColumn("Payday", 80, l -> l.paydayId() == null ? "" : "#" + l.paydayId()));
        table.getColumns().add(textColumn("Entry", 80, l -> "#" + l.entryId()));
        table.getColumns().add(textColumn("Description", 300, LedgerLine::description));
        Button more = new Button("Older entries");
        more.setId("olderLedger");
        more.disableProperty().bind(viewModel.moreLedgerProperty().not().or(viewModel.loadingProperty()));
        more.setOnAction(e -> viewModel.loadMoreLedger());
        BorderPane pane = new BorderPane(table);
        pane.setBottom(more);
        BorderPane.setMargin(more, new javafx.geometry.Insets(6, 0, 0, 0));
        return tab("Ledger", pane);
    }

    private Tab tipsTab(String title, String id, String counterparty, ObservableList<Tip> tips) {
        TableView<Tip> table = table(id, tips, "None.");
        table.getColumns().add(textColumn(counterparty, 170, Tip::counterparty));
        table.getColumns().add(moneyColumn("Weekly amount", 120, Tip::amount));
        table.getColumns().add(textColumn("Since", 150, t -> viewModel.when(t.createdAt())));
        table.getColumns().add(textColumn("State", 110, t -> t.inForce()
                ? (t.amount().signum() == 0 ? "Stopped" : "In force") : "History"));
        return tab(title, table);
    }

    private Tab exchangesTab() {
        TableView<Exchange> table = table("exchangesTable", viewModel.exchanges(), "No charges, payouts or card refunds.");
        table.getColumns().add(textColumn("When", 150, x -> viewModel.when(x.createdAt())));
        table.getColumns().add(textColumn("Kind", 120, Exchange::kind));
        table.getColumns().add(moneyColumn("Amount", 100, Exchange::amount));
        table.getColumns().add(moneyColumn("Fee", 80, Exchange::fee));
        table.getColumns().add(textColumn("Outcome", 110, Exchange::status));
        table.getColumns().add(textColumn("Error", 240, Exchange::error));
        table.getColumns().add(textColumn("Idempotency key", 220, Exchange::idempotencyKey));
        table.getColumns().add(textColumn("Gateway ref", 160, Exchange::gatewayRef));
        return tab("Charges & payouts", table);
    }

    private Tab queuedTab() {
        TableView<Queued> table = table("queuedTable", viewModel.queued(), "Nothing queued for this participant.");
        table.getColumns().add(textColumn("Queued", 150, q -> viewModel.when(q.queuedAt())));
        table.getColumns().add(textColumn("Kind", 120, Queued::kind));
        table.getColumns().add(moneyColumn("Amount", 100, Queued::amount));
        table.getColumns().add(textColumn("Status", 90, Queued::status));
        table.getColumns().add(textColumn("Reason", 200, Queued::reason));
        table.getColumns().add(textColumn("Error", 240, Queued::error));
        table.getColumns().add(textColumn("By", 90, Queued::queuedBy));
        table.getColumns().add(textColumn("Reference", 140, Queued::externalRef));
        return tab("Queued", table);
    }

    private Tab refundsTab() {
        TableView<Refund> table = table("refundsTable", viewModel.refunds(), "No refunds.");
        table.getColumns().add(textColumn("Requested", 150, r -> viewModel.when(r.requestedAt())));
        table.getColumns().add(textColumn("Kind", 60, Refund::kind));
        table.getColumns().add(moneyColumn("Amount", 100, Refund::amount));
        table.getColumns().add(textColumn("Status", 90, Refund::status));
        table.getColumns().add(textColumn("Tippee", 120, Refund::tippee));
        table.getColumns().add(textColumn("Reason", 200, Refund::reason));
        table.getColumns().add(textColumn("Requested by", 110, Refund::requestedBy));
        table.getColumns().add(textColumn("Decided by", 100, Refund::decidedBy));
        table.getColumns().add(textColumn("Note", 180, Refund::decisionNote));
        table.getColumns().add(textColumn("Error", 200, Refund::error));
        return tab("Refunds", table);
    }

    private Tab auditTab() {
        TableView<AuditRow> table = table("auditTable", viewModel.audit(), "No audit rows about this participant.");
        BorderPane pane = new BorderPane(table);
        if (viewModel.mayChangeReview()) {
            pane.setTop(reviewForm);
            BorderPane.setMargin(reviewForm, new javafx.geometry.Insets(0, 0, 8, 0));
        }
        table.getColumns().add(textColumn("When", 150, a -> viewModel.when(a.at())));
        table.getColumns().add(textColumn("Staff", 90, AuditRow::staff));
        table.getColumns().add(textColumn("Action", 170, AuditRow::action));
        table.getColumns().add(textColumn("Before", 170, AuditRow::before));
        table.getColumns().add(textColumn("After", 170, AuditRow::after));
        table.getColumns().add(textColumn("Reason / detail", 260, AuditRow::detail));
        return tab("Review & audit", pane);
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setId("tab-" + title.toLowerCase().replaceAll("[^a-z]+", "-"));
        return tab;
    }

    private static <T> TableView<T> table(String id, ObservableList<T> rows, String empty) {
        TableView<T> table = new TableView<>(rows);
        table.setId(id);
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED, "detail-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label placeholder = new Label(empty);
        placeholder.getStyleClass().add("text-muted");
        table.setPlaceholder(placeholder);
        return table;
    }

    /** A column whose cells show their full text in a tooltip (error messages are often longer than the column). */
    private static <T> TableColumn<T, String> textColumn(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    private <T> TableColumn<T, BigDecimal> moneyColumn(String title, double width, Function<T, BigDecimal> value) {
        TableColumn<T, BigDecimal> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(BigDecimal amount, boolean empty) {
                super.updateItem(amount, empty);
                setText(empty ? null : viewModel.money(amount));
            }
        });
        return column;
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public Parent root() {
        return root;
    }
}
