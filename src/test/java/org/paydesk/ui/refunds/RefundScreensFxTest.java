package org.paydesk.ui.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.staff.Caller;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The refund screens on demo data: a clerk requests a tip refund through the form (the amount shown
 * before submitting), another staff member approves it and sees it executed; the requester is
 * offered no approve action on their own request.
 */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class RefundScreensFxTest {

    private static DemoDesk desk;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final RefundText text = new RefundText(Currency.getInstance("USD"), Locale.US, ZoneOffset.UTC);
    private Stage stage;
    private ScreenView shown;

    @BeforeAll
    static void demoData(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        stage.show();
    }

    @AfterEach
    void stopBackgroundThreads() {
        if (shown != null) {
            robotless(shown::hidden);
        }
        executor.shutdown();
    }

    private void show(FxRobot robot, ScreenView view) {
        robot.interact(() -> {
            if (shown != null) {
                shown.hidden();
            }
            shown = view;
            Scene scene = new Scene(view.root() instanceof Parent parent ? parent : new javafx.scene.Group(view.root()),
                    1280, 800);
            Theme.apply(scene);
            stage.setScene(scene);
            stage.setWidth(1280);
            stage.setHeight(800);
            view.shown();
        });
    }

    private static void robotless(Runnable onFx) {
        try {
            WaitForAsyncUtils.asyncFx(onFx).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ApprovalsView approvals(FxRobot robot, Caller caller) {
        ApprovalsView view = ApprovalsView.create(desk.paydesk.refunds(), desk.paydesk.queue(), caller, executor, text);
        show(robot, view);
        return view;
    }

    private static void selectPending(FxRobot robot, long id) throws Exception {
        TableView<Refund> pending = robot.lookup("#pendingTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pending.getItems().stream().anyMatch(r -> r.id() == id));
        robot.interact(() -> pending.getSelectionModel().select(
                pending.getItems().stream().filter(r -> r.id() == id).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aClerkRequestsATipRefundAndAnotherStaffMemberApprovesIt(FxRobot robot) throws Exception {
        RefundsView requests = RefundsView.create(desk.paydesk.refunds(), desk.paydesk.participants(), desk.cleo, executor, text);
        show(robot, requests);
        TableView<Refund> table = robot.lookup("#refundsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 3);

        robot.clickOn("#requestRefund");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#refundRequestDialog").tryQuery().isPresent());
        robot.clickOn("#participantSearch").write("alice");
        ListView<?> matches = robot.lookup("#participantMatches").queryListView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> matches.getItems().size() == 1);
        robot.clickOn(robot.lookup("#participantMatches .list-cell").nth(0).queryAs(Node.class));
        ListView<?> paydays = robot.lookup("#paydays").queryListView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> paydays.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#paydays .check-box").nth(0).queryAs(Node.class));
        Label preview = robot.lookup("#refundPreview").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> preview.getText().startsWith("Would move $4.00 from bob back to alice"));
        robot.clickOn("#refundReason").write("alice meant to tip another creator");
        Window dialog = robot.lookup("#refundRequestDialog").query().getScene().getWindow();
        Screenshots.write(dialog.getScene(), "refund-request.png");
        robot.clickOn("#requestButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !dialog.isShowing());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 4);
        Refund requested = table.getItems().get(0);
        assertThat(requested.status()).isEqualTo(Status.REQUESTED);
        assertThat(requested.amount()).isEqualByComparingTo("4.00");
        assertThat(requested.requestedBy()).isEqualTo("cleo");

        approvals(robot, desk.april);
        selectPending(robot, requested.id());
        Label context = robot.lookup("#refundContext").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> context.getText().startsWith("bob's balance now:"));
        assertThat(context.getText()).contains("(covers it)");
        assertThat(robot.lookup("#approve").queryButton().isVisible()).isTrue();
        robot.clickOn("#decisionNote").write("alice's email confirms it");
        Screenshots.write(stage.getScene(), "refunds.png");
        robot.clickOn("#approve");
        Label message = robot.lookup("#approvalsMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Approved refund #" + requested.id()));
        assertThat(message.getText()).contains("Executed").contains("by the queue; approved by april");
        assertThat(desk.paydesk.refunds().get(requested.id()).status()).isEqualTo(Status.EXECUTED);
        TableView<Refund> history = robot.lookup("#historyTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> history.getItems().stream()
                .anyMatch(r -> r.id() == requested.id() && r.status() == Status.EXECUTED));
    }

    @Test
    void theApproveActionIsMissingForOnesOwnRequest(FxRobot robot) throws Exception {
        long own = desk.paydesk.refunds().requestFullRefund(desk.april, "carol", "carol wrote to support twice");
        approvals(robot, desk.april);
        selectPending(robot, own);

        assertThat(robot.lookup("#approve").queryButton().isVisible()).isFalse();
        assertThat(robot.lookup("#reject").queryButton().isVisible()).isFalse();
        assertThat(robot.lookup("#decisionHint").queryAs(Label.class).getText())
                .isEqualTo("You requested this refund: another approver must decide on it (four eyes).");
        Screenshots.write(stage.getScene(), "refunds-own-request.png");

        approvals(robot, desk.arno);
        selectPending(robot, own);
        assertThat(robot.lookup("#approve").queryButton().isVisible()).as("another approver sees it").isTrue();
        robot.interact(() -> stage.setWidth(800));
        robot.interact(() -> stage.setHeight(500));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "refunds-800x500.png");
    }
}
