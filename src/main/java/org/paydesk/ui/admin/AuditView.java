package org.paydesk.ui.admin;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.paydesk.staff.AuditCsv;
import org.paydesk.staff.AuditDiff;
import org.paydesk.staff.AuditTrail;
import org.paydesk.staff.Caller;
import org.paydesk.staff.StaffService;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The audit log: filters over the table of rows (newest first, more pages as the user scrolls) and,
 * below it, the selected row's before and after values key by key, the changed keys highlighted.
 */
public final class AuditView implements ScreenView {

    private static final Duration SEARCH_DELAY = Duration.millis(300);

    private final AuditViewModel viewModel;
    private final Parent root;

    @FXML private Label messageLabel;
    @FXML private Button exportButton;
    @FXML private ComboBox<String> staffBox;
    @FXML private ComboBox<String> actionBox;
    @FXML private TextField targetField;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private Button clearButton;
    @FXML private Label countLabel;
    @FXML private Label dateProblemLabel;
    @FXML private TableView<AuditTrail.Row> table;
    @FXML private TableColumn<AuditTrail.Row, Long> idColumn;
    @FXML private TableColumn<AuditTrail.Row, String> atColumn;
    @FXML private TableColumn<AuditTrail.Row, String> staffColumn;
    @FXML private TableColumn<AuditTrail.Row, String> actionColumn;
    @FXML private TableColumn<AuditTrail.Row, String> targetColumn;
    @FXML private TableColumn<AuditTrail.Row, String> changeColumn;
    @FXML private TableColumn<AuditTrail.Row, String> workstationColumn;
    @FXML private Label placeholderLabel;
    @FXML private Label detailLabel;
    @FXML private TableView<AuditDiff.Line> diffTable;
    @FXML private TableColumn<AuditDiff.Line, String> keyColumn;
    @FXML private TableColumn<AuditDiff.Line, String> beforeColumn;
    @FXML private TableColumn<AuditDiff.Line, String> afterColumn;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().forEach(column -> column.setMinWidth(Math.round(column.getPrefWidth() * 0.6)));
        // Time and action stay readable in a small window; the workstation and the change give way.
        atColumn.setMinWidth(atColumn.getPrefWidth());
        actionColumn.setMinWidth(actionColumn.getPrefWidth());
        table.setItems(viewModel.rows());
        placeholderLabel.textProperty().bind(viewModel.placeholderProperty());
        idColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().id()));
        text(atColumn, row -> viewModel.time(row.at()));
        text(staffColumn, AuditTrail.Row::staff);
        text(actionColumn, AuditTrail.Row::action);
        text(targetColumn, AuditViewModel::target);
        text(changeColumn, AuditViewModel::change);
        text(workstationColumn, AuditViewModel::workstation);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            if (row != null) {
                viewModel.select(row);
            }
        });
        table.skinProperty().addListener((o, old, skin) -> watchScrolling());
        viewModel.rows().addListener((ListChangeListener<AuditTrail.Row>) change -> {
            if (viewModel.rows().isEmpty()) {
                table.getSelectionModel().clearSelection();
            }
        });

        diffTable.getStyleClass().addAll(Styles.DENSE);
        diffTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        diffTable.setItems(viewModel.diff());
        diffText(keyColumn, AuditDiff.Line::key);
        diffText(beforeColumn, line -> AuditViewModel.side(line.before()));
        diffText(afterColumn, line -> AuditViewModel.side(line.after()));
        diffTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AuditDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().remove("diff-changed");
                if (!empty && line != null && line.changed()) {
                    getStyleClass().add("diff-changed");
                }
            }
        });
        detailLabel.textProperty().bind(Bindings.when(viewModel.detailProperty().isEmpty())
                .then("Select a row to see its before and after values side by side; changed keys are highlighted.")
                .otherwise(viewModel.detailProperty()));

        staffBox.getItems().add(null);
        viewModel.staffNames().addListener((ListChangeListener<String>) c -> {
            String chosen = staffBox.getValue();
            staffBox.getItems().setAll(viewModel.staffNames());
            staffBox.getItems().add(0, null);
            staffBox.setValue(chosen);
        });
        staffBox.setConverter(named("All staff"));
        staffBox.valueProperty().bindBidirectional(viewModel.staffFilterProperty());
        actionBox.getItems().add(null);
        actionBox.getItems().addAll(AuditViewModel.ACTIONS);
        actionBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String action) {
                return action == null ? "All actions" : action.contains(".") ? action : action + ".* (all)";
            }

            @Override
            public String fromString(String text) {
                return null;
            }
        });
        actionBox.valueProperty().bindBidirectional(viewModel.actionFilterProperty());
        PauseTransition searchDelay = new PauseTransition(SEARCH_DELAY);
        searchDelay.setOnFinished(e -> viewModel.searchTarget(targetField.getText()));
        targetField.textProperty().addListener((o, old, now) -> searchDelay.playFromStart());
        targetField.setOnAction(e -> {
            searchDelay.stop();
            viewModel.searchTarget(targetField.getText());
        });
        fromPicker.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        toPicker.valueProperty().bindBidirectional(viewModel.toDateProperty());
        clearButton.setOnAction(e -> {
            searchDelay.stop();
            targetField.clear();
            searchDelay.stop();
            viewModel.clearFilters();
        });
        countLabel.textProperty().bind(viewModel.countProperty());
        dateProblemLabel.textProperty().bind(viewModel.dateProblemProperty());
        dateProblemLabel.visibleProperty().bind(viewModel.dateProblemProperty().isNotEmpty());
        dateProblemLabel.managedProperty().bind(dateProblemLabel.visibleProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());

        exportButton.disableProperty().bind(viewModel.exportingProperty().or(viewModel.dateProblemProperty().isNotEmpty()));
        exportButton.setOnAction(e -> chooseExportFile());
    }

    private void chooseExportFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the filtered audit rows");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        chooser.setInitialFileName("audit-log-" + LocalDate.now() + ".csv");
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            Path path = file.toPath();
            viewModel.export(path.getFileName().toString().contains(".") ? path : path.resolveSibling(path.getFileName() + ".csv"));
        }
    }

    @Override
    public void shown() {
        viewModel.shown();
    }

    @Override
    public boolean focusSearch() {
        targetField.requestFocus();
        return true;
    }

    /** The audit log screen for {@code caller} (an ADMIN), wired to the services it uses. */
    public static AuditView create(AuditTrail trail, StaffService staff, Caller caller,
                                   TaskExecutor executor, Locale locale) {
        AuditCsv csv = new AuditCsv(trail);
        return new AuditView(new AuditViewModel(new AuditViewModel.Source() {
            @Override
            public List<AuditTrail.Row> page(AuditTrail.Filter filter, int limit) {
                return trail.list(caller, filter, limit);
            }

            @Override
            public long exportCsv(AuditTrail.Filter filter, Path file, BooleanSupplier cancelled) {
                return csv.write(caller, filter, file, cancelled);
            }

            @Override
            public List<String> staffNames() {
                return staff.list().stream().map(StaffService.StaffRow::username).toList();
            }
        }, executor, locale, ZoneId.systemDefault()));
    }

    public AuditViewModel viewModel() {
        return viewModel;
    }

    private static StringConverter<String> named(String none) {
        return new StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null ? none : value;
            }

            @Override
            public String fromString(String text) {
                return null;
            }
        };
    }

    private static void text(TableColumn<AuditTrail.Row, String> column, Function<AuditTrail.Row, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private static void diffText(TableColumn<AuditDiff.Line, String> column, Function<AuditDiff.Line, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, old, now) -> {
                IndexedCell<?> last = flow.getLastVisibleCell();
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
