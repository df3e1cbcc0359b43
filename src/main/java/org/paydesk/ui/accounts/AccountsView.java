package org.paydesk.ui.accounts;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.paydesk.participants.AccountRow;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;

/** The accounts screen: a search field and a table that reads more pages as the user scrolls down. */
public final class AccountsView implements ScreenView {

    /** Load the next page once a row this close to the end is shown. */
    private static final int PREFETCH_ROWS = 40;
    private static final Duration SEARCH_DELAY = Duration.millis(250);

    private final AccountsViewModel viewModel;
    private final PauseTransition searchDelay = new PauseTransition(SEARCH_DELAY);
    private final Parent root;
    private boolean started;

    @FXML private HBox toolbar;
    @FXML private TextField searchField;
    @FXML private Label shownLabel;
    @FXML private Label placeholderLabel;
    @FXML private TableView<AccountRow> table;
    @FXML private TableColumn<AccountRow, String> usernameColumn;
    @FXML private TableColumn<AccountRow, String> displayNameColumn;
    @FXML private TableColumn<AccountRow, String> reviewColumn;
    @FXML private TableColumn<AccountRow, String> claimedColumn;
    @FXML private TableColumn<AccountRow, BigDecimal> balanceColumn;
    @FXML private TableColumn<AccountRow, BigDecimal> owedColumn;
    @FXML private TableColumn<AccountRow, BigDecimal> pendingColumn;
    @FXML private TableColumn<AccountRow, String> cardColumn;
    @FXML private TableColumn<AccountRow, String> bankColumn;
    @FXML private TableColumn<AccountRow, String> lastChargeColumn;
    @FXML private TableColumn<AccountRow, String> lastPayoutColumn;

    public AccountsView(AccountsViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setItems(viewModel.rows());
        table.skinProperty().addListener((o, old, skin) -> watchScrolling());
        viewModel.rows().addListener((ListChangeListener<AccountRow>) change -> {
            // A new search replaces the rows from the top: show its first row, not where the last one was.
            if (change.next() && change.getFrom() == 0 && change.wasRemoved()) {
                table.scrollTo(0);
            }
        });
        // Narrow windows scroll sideways rather than squeeze every header into "…".
        table.getColumns().forEach(column -> column.setMinWidth(Math.round(column.getPrefWidth() * 0.75)));
        placeholderLabel.textProperty().bind(viewModel.placeholderProperty());
        shownLabel.textProperty().bind(viewModel.shownProperty());

        text(usernameColumn, AccountRow::username);
        text(displayNameColumn, AccountRow::displayName);
        text(reviewColumn, row -> capitalized(row.review().name()));
        text(claimedColumn, row -> row.claimed() ? "Yes" : "No");
        money(balanceColumn, AccountRow::balance);
        money(owedColumn, AccountRow::owed);
        money(pendingColumn, AccountRow::pending);
        text(cardColumn, AccountRow::cardToken);
        text(bankColumn, AccountRow::bankToken);
        text(lastChargeColumn, AccountRow::lastChargeResult);
        text(lastPayoutColumn, AccountRow::lastPayoutResult);

        searchDelay.setOnFinished(e -> viewModel.search(searchField.getText()));
        searchField.textProperty().addListener((o, old, now) -> searchDelay.playFromStart());
        searchField.setOnAction(e -> {
            searchDelay.stop();
            viewModel.search(searchField.getText());
        });
    }

    private static String capitalized(String constant) {
        return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
    }

    private static void text(TableColumn<AccountRow, String> column, Function<AccountRow, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private void money(TableColumn<AccountRow, BigDecimal> column, Function<AccountRow, BigDecimal> value) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(BigDecimal amount, boolean empty) {
                super.updateItem(amount, empty);
                setText(empty ? null : viewModel.formatMoney(amount));
            }
        });
    }

    /** Adds an action (a button) to the toolbar, after the search field. */
    public void addToolbarItem(Node item) {
        toolbar.getChildren().add(toolbar.getChildren().indexOf(searchField) + 1, item);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        if (!started) {
            started = true;
            viewModel.search("");
        }
    }

    @Override
    public boolean focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
        return true;
    }

    /** Asks for the next page whenever the last row on screen comes close to the end of what is loaded. */
    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, old, now) -> loadMoreIfNearEnd(flow));
            viewModel.rows().addListener((ListChangeListener<AccountRow>) change ->
                    Platform.runLater(() -> loadMoreIfNearEnd(flow)));
        }
    }

    // Only the rows really on screen count: the flow also lays out off-screen cells to measure them.
    private void loadMoreIfNearEnd(VirtualFlow<?> flow) {
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (last != null && last.getIndex() >= viewModel.rows().size() - PREFETCH_ROWS) {
            viewModel.loadNextPage();
        }
    }
}
