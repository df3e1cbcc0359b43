package org.paydesk.ui.payday.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.payday.PaydayHooks;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.Phase;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.MainScreens;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The payday console on demo data: launch a payday and watch it reach its end with counters and
 * errors; cancel it and resume it; and see a run started outside the client (through the engine,
 * as the command line or another workstation would) with its phase and progress.
 */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaydayConsoleFxTest {

    private static DemoDesk desk;
    private static Caller otto;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;
    private PaydayConsoleView view;

    @BeforeAll
    static void demoData(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
        Caller ada = paydesk.staff().signIn("ada", "ada long password".toCharArray());
        paydesk.staff().add(ada, "otto", "Otto Operator", EnumSet.of(Role.OPERATOR), "otto long password".toCharArray());
        otto = paydesk.staff().signIn("otto", "otto long password".toCharArray());
        // Slow enough to watch and to cancel: each gateway call takes 40 ms.
        paydesk.settingsStore().update(ada, "gateway.sandbox_latency_ms", "40");
        // A fault in some tippers' writes: the run lists them as errors and carries on.
        paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create function refuse_some() returns trigger language plpgsql as $$ begin"
                        + " if new.tipper_id % 9 = 0 then raise exception 'the bank of tipper % is on fire',"
                        + " new.tipper_id; end if; return new; end $$");
                s.execute("create trigger refuse_some before insert on transfer for each row"
                        + " execute function refuse_some()");
            }
            return null;
        });
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        Paydesk paydesk = desk.paydesk;
        PaydayConsoleSource source = MainScreens.paydayConsoleSource(paydesk);
        // Forced: the demo's own payday ran minutes ago. Small, slow batches: time to watch and to cancel.
        PaydayHooks slowBatches = (phase, point) -> {
            if (phase == Phase.PAYIN && point.equals("charges recorded")) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PaydayService service = new PaydayService((force, listener, cancelled) -> paydesk.payday().run(
                new PaydayRunner.Options(otto, "console-ws", force, 5, 2), listener, cancelled, slowBatches));
        PaydayConsoleViewModel viewModel = new PaydayConsoleViewModel(source, service, otto, executor,
                paydesk.settings().currency(), Locale.US, ZoneId.of("UTC"));
        view = new PaydayConsoleView(viewModel, (owner, id) -> { });
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

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Presses the confirmation's button labelled {@code label}. */
    private void confirm(FxRobot robot, String label) throws Exception {
        waitFor(30, () -> robot.lookup("#paydayConfirm").tryQuery().isPresent());
        Button button = robot.lookup("#paydayConfirm .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(label)).findFirst().orElseThrow();
        robot.clickOn(button);
    }

    @Test
    @Order(1)
    void launchWatchCancelAndResumeToTheEnd(FxRobot robot) throws Exception {
        waitFor(10, () -> text(robot, "#paydayHeadline").startsWith("No payday is running. The last one, #" + desk.payday));
        Button launch = robot.lookup("#paydayLaunch").queryAs(Button.class);
        assertThat(launch.getText()).isEqualTo("Launch payday…");

        robot.clickOn(launch);
        // The demo's own payday ran minutes ago: the preview says so, and the operator forces this one.
        waitFor(30, () -> robot.lookup("#paydayConfirm").tryQuery().isPresent());
        javafx.scene.control.DialogPane pane = robot.lookup("#paydayConfirm").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(pane.getContentText()).startsWith("Launch the payday now?").contains("Transfers: ")
                .contains("Payouts: ").contains("Refused now: The last payday (#" + desk.payday + ")");
        Screenshots.write(pane.getScene(), "payday-preview.png");
        confirm(robot, "Force it (audited)");
        TableView<?> errors = robot.lookup("#paydayErrors").queryTableView();
        waitFor(60, () -> text(robot, "#paydayProgressText").startsWith("Pay-in:") && !errors.getItems().isEmpty());
        assertThat(text(robot, "#paydayHeadline")).matches("Payday #\\d+ is running from this console");
        Screenshots.write(stage.getScene(), "payday-console.png");

        robot.clickOn("#paydayCancel");
        waitFor(60, () -> text(robot, "#paydayMessage").startsWith("Cancelled."));
        assertThat(desk.paydesk.paydayMonitor().openRun()).as("the payday stays open").isPresent();
        assertThat(desk.paydesk.processor().currentHolder()).as("the processor is free").isEmpty();
        waitFor(10, () -> launch.getText().equals("Resume payday…") && !launch.isDisabled());
        assertThat(text(robot, "#paydayHeadline")).contains("is open: it stopped in");

        robot.clickOn(launch);
        confirm(robot, "OK");
        waitFor(120, () -> text(robot, "#paydayMessage").matches("Payday #\\d+ finished: .*"));
        waitFor(10, () -> text(robot, "#paydayHeadline").startsWith("No payday is running"));
        assertThat(text(robot, "#paydayProgressText")).isEqualTo("Finished");
        assertThat(robot.lookup("#counter-0").queryAs(Label.class).getText()).doesNotStartWith("0 ");
        assertThat(errors.getItems()).isNotEmpty();
        assertThat(text(robot, "#paydayErrorsNote")).startsWith("Errors: ");
        assertThat(desk.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        Screenshots.write(stage.getScene(), "payday-console-finished.png");
        WaitForAsyncUtils.asyncFx(() -> Theme.install(org.paydesk.staff.Appearance.DARK)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "payday-console-dark.png");
        WaitForAsyncUtils.asyncFx(() -> Theme.install(org.paydesk.staff.Appearance.LIGHT)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(800);
            stage.setHeight(500);
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "payday-console-small.png");
    }

    @Test
    @Order(2)
    void aRunStartedOutsideTheClientShowsWithItsPhaseAndProgress(FxRobot robot) throws Exception {
        waitFor(10, () -> text(robot, "#paydayHeadline").startsWith("No payday is running"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        PaydayHooks holdAtTheThirdBatch = (phase, point) -> {
            if (phase == Phase.PAYIN && point.equals("batch written") && batches.incrementAndGet() == 3) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread outside = new Thread(() -> {
            try {
                desk.paydesk.payday().run(new PaydayRunner.Options(otto, "cron-host", true, 10, 2), PaydayListener.NONE,
                        () -> false, holdAtTheThirdBatch);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "outside-run");
        outside.start();
        try {
            waitFor(30, () -> text(robot, "#paydayHeadline").matches("Payday #\\d+ is running on cron-host \\(otto\\)"));
            waitFor(10, () -> text(robot, "#paydayProgressText").startsWith("Pay-in: "));
            assertThat(robot.lookup("#paydayLaunch").queryAs(Button.class).isDisabled()).isTrue();
            assertThat(robot.lookup("#paydayCancel").queryAs(Button.class).isDisabled()).isTrue();
            Screenshots.write(stage.getScene(), "payday-console-elsewhere.png");
        } finally {
            release.countDown();
        }
        outside.join(120_000);
        assertThat(failure.get()).isNull();
        waitFor(10, () -> text(robot, "#paydayHeadline").startsWith("No payday is running"));
    }
}
