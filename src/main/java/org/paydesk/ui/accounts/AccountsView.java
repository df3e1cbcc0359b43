package org.paydesk.ui.accounts;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.AccountSort;
import org.paydesk.participants.Review;
import org.paydesk.ui.Fxml;

/**
 * The accounts list: a search field, filters and a table sorted on the server that reads more pages
 * as the user scrolls down. Double-click or Enter on a row opens the account. While shown, the
 * loaded rows are re-read every few seconds so changes made elsewhere appear.
 */
public final class AccountsView {

    /** Load the next page once a row this close to the end is shown. */
    private static final int PREFETCH_ROWS = 40;
    private static final Duration SEARCH_DELAY = Duration.millis(250);
    static final Duration REFRESH_EVERY = Duration.seconds(5);

    private final AccountsViewModel viewModel;
    private final Consumer<AccountRow> opener;
    private final PauseTransition searchDelay = new PauseTransition(SEARCH_DELAY);
    private final Timeline refreshPoll;
    private final Parent root;
    private Map<TableColumn<AccountRow, ?>, AccountSort> sortable;

    @FXML private HBox toolbar;
    @FXML private TextField searchField;
    @FXML private Label shownLabel;
    @FXML private Label placeholderLabel;
    @FXML private ComboBox<Review> reviewFilter;
    @FXML private CheckBox hasCardFilter;
    @FXML private CheckBox hasBankFilter;
    @FXML private CheckBox owesFilter;
    @FXML private CheckBox belowZeroFilter;
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

    /** {@code opener} is called with the row the user opens (double-click or Enter). */
    public AccountsView(AccountsViewModel viewModel, Consumer<AccountRow> opener) {
        this.viewModel = viewModel;
        this.opener = opener;
        this.refreshPoll = new Timeline(new KeyFrame(REFRESH_EVERY, e -> viewModel.refreshShown()));
        refreshPoll.setCycleCount(Timeline.INDEFINITE);
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        // Columns keep their width and the table scrolls sideways in a narrow window; each can be resized.
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setItems(viewModel.rows());
        table.skinProperty().addListener((o, old, skin) -> watchScrolling());
        viewModel.rows().addListener((ListChangeListener<AccountRow>) change -> {
            // A new query replaces the rows from the top: show its first row, not where the last one was.
            if (change.next() && change.getFrom() == 0 && change.wasRemoved() && change.getRemovedSize() > 1) {
                table.scrollTo(0);
            }
        });
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
        serverSideSorting();
        filters();
        opening();

        searchDelay.setOnFinished(e -> viewModel.search(searchField.getText()));
        searchField.textProperty().addListener((o, old, now) -> searchDelay.playFromStart());
        searchField.setOnAction(e -> {
            searchDelay.stop();
            viewModel.search(searchField.getText());
        });
    }

    /** Header clicks ask the server for the order; the table itself never reorders the loaded rows. */
    private void serverSideSorting() {
        sortable = Map.of(usernameColumn, AccountSort.USERNAME, balanceColumn, AccountSort.BALANCE,
                owedColumn, AccountSort.OWED, reviewColumn, AccountSort.REVIEW, lastChargeColumn,
                AccountSort.LAST_CHARGE);
        table.setSortPolicy(t -> true);
        table.getSortOrder().addListener((ListChangeListener<TableColumn<AccountRow, ?>>) c -> sortChanged());
        sortable.keySet().forEach(column -> column.sortTypeProperty().addListener((o, old, now) -> sortChanged()));
    }

    private void sortChanged() {
        if (table.getSortOrder().isEmpty()) {
            viewModel.sortBy(AccountSort.USERNAME, false);
            return;
        }
        TableColumn<AccountRow, ?> first = table.getSortOrder().get(0);
        viewModel.sortBy(sortable.getOrDefault(first, AccountSort.USERNAME),
                first.getSortType() == TableColumn.SortType.DESCENDING);
    }

    private void filters() {
        reviewFilter.getItems().setAll((Review) null);
        reviewFilter.getItems().addAll(Review.values());
        reviewFilter.setConverter(new StringConverter<>() {
            @Override
            public String toString(Review review) {
                return review == null ? "Any" : capitalized(review.name());
            }

            @Override
            public Review fromString(String text) {
                return null;
            }
        });
        reviewFilter.getSelectionModel().selectFirst();
        reviewFilter.valueProperty().addListener((o, old, review) -> viewModel.filterReview(review));
        for (CheckBox box : new CheckBox[] {hasCardFilter, hasBankFilter, owesFilter, belowZeroFilter}) {
            box.selectedProperty().addListener((o, old, now) -> viewModel.filterFlags(hasCardFilter.isSelected(),
                    hasBankFilter.isSelected(), owesFilter.isSelected(), belowZeroFilter.isSelected()));
        }
    }

    private void opening() {
        table.setRowFactory(t -> {
            TableRow<AccountRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    opener.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            AccountRow selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                e.consume();
                opener.accept(selected);
            }
        });
        // Down from the search field goes to the rows, so the keyboard alone can search and open.
        searchField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN && !table.getItems().isEmpty()) {
                e.consume();
                table.requestFocus();
                if (table.getSelectionModel().isEmpty()) {
                    table.getSelectionModel().selectFirst();
                }
            }
        });
    }

    static String capitalized(String constant) {
        return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
    }

    /** A text column whose cells show their full text in a tooltip, for texts wider than the column. */
    private static void text(TableColumn<AccountRow, String> column, Function<AccountRow, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
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

    public Parent root() {
        return root;
    }

    /** On display: the first time loads the first page; each time re-reads what is shown, then every few seconds. */
    void shown(boolean first) {
        if (first) {
            viewModel.search("");
        } else {
            viewModel.refreshShown();
        }
        refreshPoll.play();
    }

    void hidden() {
        refreshPoll.stop();
    }

    void focusTable() {
        table.requestFocus();
    }

    void focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
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
