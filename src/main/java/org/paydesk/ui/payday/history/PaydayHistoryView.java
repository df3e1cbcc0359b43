package org.paydesk.ui.payday.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.io.File;
import java.text.NumberFormat;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.Paydays;
import org.paydesk.reports.PaydayReport;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The payday history screen: a chart of the paydays' volumes or counts, the paydays with their
 * statistics, and the selected payday's phases and errors; its report exported as CSV or PDF.
 * Re-reads the list every little while it is on screen, so a payday run elsewhere appears.
 */
public final class PaydayHistoryView implements ScreenView {

    public static final Duration POLL = Duration.seconds(15);
    /** Room a tick label of the chart's axis needs ("#123 Mar 16"). */
    private static final double TICK_WIDTH = 96;
    /** Past this many paydays the lines go without a dot per payday. */
    private static final int SYMBOLS_UP_TO = 60;

    private final PaydayHistoryViewModel viewModel;
    private final Timeline poll;
    private final Parent root;

    @FXML private Label messageLabel;
    @FXML private ToggleButton volumesButton;
    @FXML private ToggleButton countsButton;
    @FXML private Button refreshButton;
    @FXML private Button csvButton;
    @FXML private Button pdfButton;
    @FXML private LineChart<Number, Number> chart;
    @FXML private NumberAxis xAxis;
    @FXML private NumberAxis yAxis;
    @FXML private TableView<Paydays.Summary> table;
    @FXML private TableColumn<Paydays.Summary, Long> idColumn;
    @FXML private TableColumn<Paydays.Summary, String> startedColumn;
    @FXML private TableColumn<Paydays.Summary, String> endedColumn;
    @FXML private TableColumn<Paydays.Summary, String> durationColumn;
    @FXML private TableColumn<Paydays.Summary, String> participantsColumn;
    @FXML private TableColumn<Paydays.Summary, String> chargesColumn;
    @FXML private TableColumn<Paydays.Summary, String> chargedColumn;
    @FXML private TableColumn<Paydays.Summary, String> transfersColumn;
    @FXML private TableColumn<Paydays.Summary, String> transferredColumn;
    @FXML private TableColumn<Paydays.Summary, String> payoutsColumn;
    @FXML private TableColumn<Paydays.Summary, String> paidOutColumn;
    @FXML private TableColumn<Paydays.Summary, String> errorsColumn;
    @FXML private TableColumn<Paydays.Summary, String> stateColumn;
    @FXML private Label placeholderLabel;
    @FXML private Label summaryLabel;
    @FXML private Label errorsHeaderLabel;
    @FXML private Label phasesLabel;
    @FXML private TableView<PaydayError> errorsTable;
    @FXML private TableColumn<PaydayError, String> errorAtColumn;
    @FXML private TableColumn<PaydayError, String> errorPhaseColumn;
    @FXML private TableColumn<PaydayError, String> errorParticipantColumn;
    @FXML private TableColumn<PaydayError, String> errorCounterpartyColumn;
    @FXML private TableColumn<PaydayError, String> errorMessageColumn;
    @FXML private Label errorsPlaceholderLabel;

    public PaydayHistoryView(PaydayHistoryViewModel viewModel) {
        this.viewModel = viewModel;
        this.poll = new Timeline(new KeyFrame(POLL, e -> viewModel.reload()));
        poll.setCycleCount(Animation.INDEFINITE);
        this.root = Fxml.load(this);
    }

    /** The screen wired to the services it uses. */
    public static PaydayHistoryView create(Paydays paydays, PaydayHistoryViewModel.ReportWriter reports,
                                           TaskExecutor executor, Currency currency, Locale locale) {
        return new PaydayHistoryView(new PaydayHistoryViewModel(PaydayHistoryViewModel.History.of(paydays), reports,
                executor, currency, locale, ZoneId.systemDefault()));
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(viewModel.messageProperty());
        messageLabel.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        viewModel.messageIsProblemProperty().addListener((o, old, problem) -> {
            messageLabel.getStyleClass().remove("problem");
            if (problem) {
                messageLabel.getStyleClass().add("problem");
            }
        });
        messageLabel.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() ->
                viewModel.messageProperty().get().isEmpty() ? null : new Tooltip(viewModel.messageProperty().get()),
                viewModel.messageProperty()));

        ToggleGroup modes = new ToggleGroup();
        volumesButton.setToggleGroup(modes);
        countsButton.setToggleGroup(modes);
        volumesButton.getStyleClass().add(Styles.LEFT_PILL);
        countsButton.getStyleClass().add(Styles.RIGHT_PILL);
        volumesButton.setSelected(viewModel.chartModeProperty().get() == PaydayHistoryViewModel.ChartMode.VOLUMES);
        countsButton.setSelected(!volumesButton.isSelected());
        modes.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one of the two is always on
            } else {
                viewModel.chartModeProperty().set(now == countsButton ? PaydayHistoryViewModel.ChartMode.COUNTS
                        : PaydayHistoryViewModel.ChartMode.VOLUMES);
            }
        });
        refreshButton.setOnAction(e -> viewModel.reload());
        refreshButton.disableProperty().bind(viewModel.loadingProperty());
        csvButton.disableProperty().bind(viewModel.canExportProperty().not());
        pdfButton.disableProperty().bind(viewModel.canExportProperty().not());
        csvButton.setOnAction(e -> chooseFileAndExport(PaydayReport.Format.CSV));
        pdfButton.setOnAction(e -> chooseFileAndExport(PaydayReport.Format.PDF));

        setUpChart();
        setUpPaydays();
        setUpErrors();
    }

    private void setUpChart() {
        xAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                double v = value.doubleValue();
                return v == Math.rint(v) ? viewModel.axisLabel((long) v) : "";
            }

            @Override
            public Number fromString(String text) {
                return null;
            }
        });
        viewModel.chartProperty().addListener((o, old, series) -> showChart(series));
        viewModel.chartModeProperty().addListener((o, old, mode) -> yAxis.setTickLabelFormatter(yFormatter()));
        yAxis.setTickLabelFormatter(yFormatter());
        chart.widthProperty().addListener((o, old, now) -> fitXAxis());
        showChart(viewModel.chartProperty().get());
    }

    private StringConverter<Number> yFormatter() {
        boolean money = viewModel.chartModeProperty().get() == PaydayHistoryViewModel.ChartMode.VOLUMES;
        NumberFormat format = money ? NumberFormat.getCurrencyInstance(viewModel.locale())
                : NumberFormat.getIntegerInstance(viewModel.locale());
        if (money) {
            format.setCurrency(viewModel.currency());
        }
        format.setMaximumFractionDigits(0);
        format.setMinimumFractionDigits(0);
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                // An axis label, not an amount that flows anywhere: whole units are what a scale shows.
                return format.format(value);
            }

            @Override
            public Number fromString(String text) {
                return null;
            }
        };
    }

    private void showChart(List<PaydayHistoryViewModel.Series> series) {
        int points = series.isEmpty() ? 0 : series.get(0).points().size();
        chart.setCreateSymbols(points <= SYMBOLS_UP_TO);
        chart.getData().clear();
        for (PaydayHistoryViewModel.Series line : series) {
            XYChart.Series<Number, Number> data = new XYChart.Series<>();
            data.setName(line.name());
            for (PaydayHistoryViewModel.Point point : line.points()) {
                data.getData().add(new XYChart.Data<>(point.paydayId(), point.value()));
            }
            chart.getData().add(data);
            if (chart.getCreateSymbols()) {
                for (int i = 0; i < data.getData().size(); i++) {
                    if (data.getData().get(i).getNode() != null) {
                        Tooltip.install(data.getData().get(i).getNode(), new Tooltip(line.points().get(i).text()));
                    }
                }
            }
        }
        fitXAxis();
    }

    /** Whole payday numbers from one before the first to one after the last, as many labels as fit. */
    private void fitXAxis() {
        List<Paydays.Summary> rows = viewModel.rows();
        if (rows.isEmpty()) {
            xAxis.setLowerBound(0);
            xAxis.setUpperBound(1);
            xAxis.setTickUnit(1);
            return;
        }
        long first = rows.get(rows.size() - 1).id();
        long last = rows.get(0).id();
        double fitting = Math.max(2, Math.floor(Math.max(chart.getWidth() - 160, TICK_WIDTH * 2) / TICK_WIDTH));
        xAxis.setLowerBound(first - 1);
        xAxis.setUpperBound(last + 1);
        xAxis.setTickUnit(Math.max(1, Math.ceil((last - first + 2) / fitting)));
    }

    private void setUpPaydays() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.getColumns().forEach(column -> column.setMinWidth(Math.round(column.getPrefWidth() * 0.75)));
        table.setItems(viewModel.rows());
        placeholderLabel.textProperty().bind(viewModel.placeholderProperty());
        idColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().id()));
        text(startedColumn, p -> viewModel.time(p.tsStart()));
        text(endedColumn, viewModel::ended);
        text(durationColumn, viewModel::duration);
        right(participantsColumn, p -> viewModel.count(p.stats().participants()));
        right(chargesColumn, p -> viewModel.count(p.stats().charges()));
        right(chargedColumn, p -> viewModel.money(p.stats().chargeVolume()));
        right(transfersColumn, p -> viewModel.count(p.stats().transfers()));
        right(transferredColumn, p -> viewModel.money(p.stats().transferVolume()));
        right(payoutsColumn, p -> viewModel.count(p.stats().payouts()));
        right(paidOutColumn, p -> viewModel.money(p.stats().payoutVolume()));
        right(errorsColumn, p -> viewModel.count(p.stats().errors()));
        text(stateColumn, viewModel::state);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Paydays.Summary item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("row-open");
                if (!empty && item != null && item.open()) {
                    getStyleClass().add("row-open");
                }
            }
        });
        // A reload replaces the rows and clears the table's selection for a moment; only a row chosen counts.
        table.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> {
            if (item != null) {
                viewModel.select(item);
            }
        });
        viewModel.rows().addListener((javafx.collections.ListChangeListener<Paydays.Summary>) change -> keepSelection());
        viewModel.selectedProperty().addListener((o, old, item) -> keepSelection());
    }

    private void keepSelection() {
        Paydays.Summary chosen = viewModel.selectedProperty().get();
        if (chosen != null && table.getSelectionModel().getSelectedItem() != chosen) {
            table.getSelectionModel().select(chosen);
        }
    }

    private void setUpErrors() {
        errorsTable.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        errorsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        errorsTable.setItems(viewModel.errors());
        errorsPlaceholderLabel.textProperty().bind(viewModel.errorsPlaceholderProperty());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        phasesLabel.textProperty().bind(viewModel.phasesProperty());
        errorsHeaderLabel.textProperty().bind(viewModel.errorsHeaderProperty());
        errorText(errorAtColumn, viewModel::errorTime);
        // Only the message gives way when the window is narrow.
        List.of(errorAtColumn, errorPhaseColumn, errorParticipantColumn, errorCounterpartyColumn)
                .forEach(column -> column.setMinWidth(column.getPrefWidth()));
        errorText(errorPhaseColumn, e -> PaydayHistoryViewModel.phaseName(e.phase().key()));
        errorText(errorParticipantColumn, e -> e.participant() == null ? "" : e.participant());
        errorText(errorCounterpartyColumn, e -> e.counterparty() == null ? "" : e.counterparty());
        errorText(errorMessageColumn, PaydayError::message);
        errorMessageColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String message, boolean empty) {
                super.updateItem(message, empty);
                setText(empty ? null : PaydayHistoryViewModel.oneLine(message));
                if (empty || message == null) {
                    setTooltip(null);
                } else {
                    Tooltip tip = new Tooltip(message);
                    tip.setWrapText(true);
                    tip.setMaxWidth(560);
                    setTooltip(tip);
                }
            }
        });
        errorsTable.skinProperty().addListener((o, old, skin) -> watchScrolling());
    }

    /** More errors as the list is scrolled near its end: a payday on a million participants may have many. */
    private void watchScrolling() {
        if (errorsTable.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, old, now) -> {
                IndexedCell<?> last = flow.getLastVisibleCell();
                if (last != null && last.getIndex() >= viewModel.errors().size() - 20) {
                    viewModel.loadMoreErrors();
                }
            });
        }
    }

    private void chooseFileAndExport(PaydayReport.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the " + format.name() + " report");
        chooser.setInitialFileName(viewModel.suggestedFileName(format));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name() + " files",
                "*." + format.extension()));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            viewModel.export(format, file.toPath());
        }
    }

    private static <T> void text(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private static void errorText(TableColumn<PaydayError, String> column, Function<PaydayError, String> value) {
        text(column, value);
    }

    private static void right(TableColumn<Paydays.Summary, String> column, Function<Paydays.Summary, String> value) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        text(column, value);
    }

    /** On screen: read the paydays and re-read them now and then; a hidden screen costs nothing. */
    @Override
    public void shown() {
        viewModel.reload();
        poll.play();
    }

    @Override
    public void hidden() {
        poll.stop();
    }

    public PaydayHistoryViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Parent root() {
        return root;
    }
}
