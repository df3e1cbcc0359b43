package org.paydesk.ui.payday.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.app.PaydayReportFile;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoHistory;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.Paydays;
import org.paydesk.reports.PaydayReport;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The payday history on a platform where a few paydays ran: pick a payday, read its errors, export its report. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class PaydayHistoryFxTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static DemoDesk desk;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;
    private PaydayHistoryView view;

    @BeforeAll
    static void paydays(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
        // Payday 2 meets a bank that refuses every third tipper's transfers, so its error list is long.
        sql(paydesk, "create function refuse_some_transfers() returns trigger language plpgsql as $$ begin"
                + " if new.tipper_id % 3 = 0 then raise exception 'simulated: the bank of this tipper is closed'; end if;"
                + " return new; end $$");
        sql(paydesk, "create trigger refuse_some_transfers before insert on transfer for each row"
                + " execute function refuse_some_transfers()");
        run(paydesk);
        sql(paydesk, "drop trigger refuse_some_transfers on transfer");
        run(paydesk);
        run(paydesk);
        // As the demo's --weeks leaves them: a week apart, the latest a week ago.
        new DemoHistory(paydesk.database()).spreadWeekly(List.of(1L, 2L, 3L, 4L), paydesk.systemCaller().staffId());
    }

    private static void run(Paydesk paydesk) {
        paydesk.payday().run(PaydayRunner.Options.of(paydesk.systemCaller(), "here", true), PaydayListener.NONE,
                () -> false);
    }

    private static void sql(Paydesk paydesk, String statement) {
        paydesk.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        Paydesk paydesk = desk.paydesk;
        view = PaydayHistoryView.create(paydesk.paydays(), (id, format, file) -> PaydayReportFile.write(paydesk.paydays(),
                USD, Locale.US, ZoneId.systemDefault(), id, format, file), executor, USD, Locale.US);
        Scene scene = new Scene(view.root(), 1280, 800);
        Theme.apply(scene);
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    @AfterEach
    void stop() {
        view.hidden();
        executor.shutdown();
    }

    @SuppressWarnings("unchecked")
    private TableView<Paydays.Summary> table(FxRobot robot) {
        return robot.lookup("#historyTable").queryTableView();
    }

    @SuppressWarnings("unchecked")
    private TableView<PaydayError> errorsTable(FxRobot robot) {
        return robot.lookup("#historyErrors").queryTableView();
    }

    @Test
    void selectAPaydayAndReadItsErrors(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getItems().size() == 4);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getSelectionModel().getSelectedIndex() == 0);
        assertThat(table(robot).getItems()).extracting(Paydays.Summary::id).containsExactly(4L, 3L, 2L, 1L);
        LineChart<?, ?> chart = robot.lookup("#historyChart").queryAs(LineChart.class);
        assertThat(chart.getData()).hasSize(3);
        assertThat(chart.getData().get(0).getData()).hasSize(4);

        Paydays.Summary second = table(robot).getItems().get(2);
        assertThat(second.stats().errors()).as("payday 2 met the refusing bank").isGreaterThan(5);
        assertThat(table(robot).getItems().get(0).stats().errors()).isZero();
        assertThat(errorsTable(robot).getItems()).isEmpty();

        // The rows' cells exist once the table has been laid out after its items arrived.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#historyTable .table-row-cell").queryAll().size() > 2);
        WaitForAsyncUtils.waitForFxEvents();
        Node row = robot.lookup("#historyTable .table-row-cell").nth(2).query();
        robot.clickOn(row);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> errorsTable(robot).getItems().size()
                == Math.min(second.stats().errors(), PaydayHistoryViewModel.ERROR_PAGE));
        assertThat(robot.lookup("#historySummary").queryAs(Label.class).getText()).startsWith("Payday #2 · started ");
        assertThat(robot.lookup("#historyPhases").queryAs(Label.class).getText()).startsWith("Seconds per phase:  Start ")
                .contains("Pay-in ").contains("Checks ");
        assertThat(errorsTable(robot).getItems()).allSatisfy(e -> {
            assertThat(e.paydayId()).isEqualTo(2);
            assertThat(e.participant()).isNotBlank();
            assertThat(e.message()).contains("simulated: the bank of this tipper is closed");
        });
        assertThat(robot.lookup("#historyErrorsHeader").queryAs(Label.class).getText())
                .isEqualTo("Errors: " + second.stats().errors());
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "payday-history.png");

        robot.clickOn("#historyCounts");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.getData()).hasSize(4);
        robot.interact(() -> stage.setWidth(800));
        robot.interact(() -> stage.setHeight(500));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "payday-history-800x500.png");
    }

    @Test
    void exportTheSelectedPaydaysReport(FxRobot robot, @TempDir Path dir) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getSelectionModel().getSelectedItem() != null);
        assertThat(robot.lookup("#historyExportPdf").queryButton().isDisabled()).isFalse();
        Label message = robot.lookup("#historyMessage").queryAs(Label.class);

        // The save dialog is the platform's own; the screen is handed the file it returns.
        Path pdf = dir.resolve("payday-4.pdf");
        robot.interact(() -> view.viewModel().export(PaydayReport.Format.PDF, pdf));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message.getText().startsWith("Wrote"));
        assertThat(message.getText()).isEqualTo("Wrote the PDF report of payday #4 to " + pdf + ".");
        assertThat(Files.readAllBytes(pdf)).startsWith("%PDF".getBytes());

        Path nowhere = dir.resolve("no such folder").resolve("payday-4.csv");
        robot.interact(() -> view.viewModel().export(PaydayReport.Format.CSV, nowhere));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message.getText().startsWith("Could not"));
        assertThat(message.getText()).startsWith("Could not write the CSV report of payday #4: cannot write the report to ")
                .endsWith("does not exist");
        assertThat(message.getStyleClass()).contains("problem");
        assertThat(Files.exists(nowhere)).isFalse();
    }
}
