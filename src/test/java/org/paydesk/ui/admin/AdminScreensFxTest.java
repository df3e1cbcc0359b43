package org.paydesk.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.AuditDiff;
import org.paydesk.staff.AuditTrail;
import org.paydesk.staff.Caller;
import org.paydesk.staff.StaffService.StaffRow;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The three admin screens on demo data, signed in as the administrator ada: one real action each. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class AdminScreensFxTest {

    private static DemoDesk desk;
    private static Caller ada;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;

    @BeforeAll
    static void demoData(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
        ada = paydesk.staff().signIn("ada", "ada long password".toCharArray());
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        Scene scene = new Scene(new Label("…"), 1280, 800);
        Theme.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    private void show(FxRobot robot, Parent root) {
        robot.interact(() -> {
            stage.getScene().setRoot(root);
            // At the screen's corner: a window moved by an earlier test could put buttons off the headless screen.
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getScene().getWidth()).isEqualTo(1280);
    }

    private void smallWindow(FxRobot robot, String name) throws Exception {
        robot.interact(() -> {
            stage.setWidth(800);
            stage.setHeight(500);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getScene().getWidth()).isEqualTo(800);
        Screenshots.write(stage.getScene(), name);
    }

    @Test
    void filterTheAuditLogByActionAndTargetAndReadARowsChangeKeyByKey(FxRobot robot) throws Exception {
        AuditView view = AuditView.create(desk.paydesk.audit(), desk.paydesk.staff(), ada, executor, Locale.US);
        show(robot, view.root());
        robot.interact(view::shown);
        TableView<AuditTrail.Row> table = robot.lookup("#auditTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() >= 10);
        assertThat(table.getItems()).extracting(AuditTrail.Row::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        ComboBox<String> staffBox = robot.lookup("#auditStaff").queryComboBox();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> staffBox.getItems().contains("cleo"));

        robot.clickOn("#auditAction");
        robot.clickOn("staff.* (all)");
        robot.clickOn("#auditTarget").write("staff " + desk.cleo.staffId());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1
                && table.getItems().get(0).action().equals("staff.add"));
        robot.clickOn("#auditTarget");
        robot.eraseText(String.valueOf(desk.cleo.staffId()).length() + 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() >= 4
                && table.getItems().stream().allMatch(r -> r.action().startsWith("staff.")));
        robot.interact(() -> table.getSelectionModel().select(0));
        TableView<AuditDiff.Line> diff = robot.lookup("#auditDiff").queryTableView();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(diff.getItems()).extracting(AuditDiff.Line::key).contains("username", "roles");
        assertThat(robot.lookup("#auditDetail").queryAs(Label.class).getText()).contains("staff.add by ada");
        assertThat(robot.lookup("#auditCount").queryAs(Label.class).getText()).endsWith(" rows");
        Screenshots.write(stage.getScene(), "audit.png");

        robot.interact(() -> view.viewModel().toDateProperty().set(java.time.LocalDate.now().minusDays(2)));
        robot.interact(() -> view.viewModel().fromDateProperty().set(java.time.LocalDate.now()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).isEmpty();
        assertThat(robot.lookup("#auditDateProblem").queryAs(Label.class).isVisible()).isTrue();
        robot.clickOn("#auditClear");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() >= 10);
        robot.interact(() -> table.getSelectionModel().select(0));
        smallWindow(robot, "audit-small.png");
    }

    @Test
    void addAStaffMemberThenDisableThemAndSeeWhatYouCannotDoToYourself(FxRobot robot) throws Exception {
        StaffView view = StaffView.create(desk.paydesk.staff(), ada, executor);
        show(robot, view.root());
        robot.interact(view::shown);
        TableView<StaffRow> table = robot.lookup("#staffTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() >= 4);

        robot.clickOn("#staffAdd");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#staffAddDialog").tryQuery().isPresent());
        robot.clickOn("#addUsername").write("nina");
        robot.clickOn("#addDisplayName").write("Nina Night");
        robot.clickOn("#addOPERATOR");
        robot.clickOn("#addPassword").write("short");
        Label passwordError = robot.lookup("#addPasswordError").queryAs(Label.class);
        assertThat(passwordError.isVisible()).isTrue();
        assertThat(passwordError.getText()).isEqualTo("The password must have at least 10 characters");
        robot.write(" but long now");
        assertThat(passwordError.isVisible()).isFalse();
        robot.clickOn("#addRepeated").write("short but long now");
        Screenshots.write(robot.lookup("#staffAddDialog").query().getScene(), "staff-add.png");
        robot.clickOn("#staffAddButton");
        Label message = robot.lookup("#staffMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Added nina.".equals(message.getText()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getSelectionModel().getSelectedItem() != null
                && table.getSelectionModel().getSelectedItem().username().equals("nina"));
        assertThat(table.getSelectionModel().getSelectedItem().roles()).hasSize(2);

        Button toggle = robot.lookup("#staffToggle").queryButton();
        assertThat(toggle.getText()).isEqualTo("Disable");
        robot.clickOn("#staffToggle");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().equals("nina is disabled: they can no longer sign in."));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Enable".equals(toggle.getText()));
        assertThat(desk.paydesk.staff().list().stream().filter(r -> r.username().equals("nina")).findFirst().orElseThrow()
                .disabled()).isTrue();
        Screenshots.write(stage.getScene(), "staff.png");

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(r -> r.username().equals("ada")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#roleADMIN").queryAs(CheckBox.class).isDisabled()).isTrue();
        assertThat(toggle.isDisabled()).isTrue();
        assertThat(robot.lookup("#staffLock").queryAs(Label.class).getText()).startsWith("This is you");
        smallWindow(robot, "staff-small.png");
    }

    @Test
    void changeAFeeAndSeeItSavedWhileAnInvalidValueShowsItsErrorAndSavesNothing(FxRobot robot) throws Exception {
        SettingsView view = SettingsView.create(desk.paydesk.settingsStore(), desk.paydesk::reloadSettings, ada, executor);
        show(robot, view.root());
        robot.interact(view::shown);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#setting-charge-fixed_fee").tryQuery().isPresent());
        TextField fee = robot.lookup("#setting-charge-fixed_fee").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "0.30".equals(fee.getText()));
        Button save = robot.lookup("#settingsSave").queryButton();
        assertThat(save.isDisabled()).isTrue();

        robot.doubleClickOn(fee).eraseText(4).write("0.35");
        assertThat(save.isDisabled()).isFalse();
        robot.clickOn(save);
        Label message = robot.lookup("#settingsMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Saved Charge fixed fee = 0.35"));
        assertThat(desk.paydesk.settingsStore().load().fees().chargeFixedFee()).isEqualByComparingTo("0.35");
        assertThat(desk.paydesk.settings().fees().chargeFixedFee()).as("the current settings, no restart")
                .isEqualByComparingTo("0.35");
        long audited = desk.paydesk.database().read(c -> Fixtures.count(c, "select count(*) from audit_log where action ="
                + " 'settings.update' and target_id = 'charge.fixed_fee' and after ->> 'value' = '0.35'"));
        assertThat(audited).isEqualTo(1);
        Screenshots.write(stage.getScene(), "settings.png");

        TextField minimum = robot.lookup("#setting-payout-minimum").queryAs(TextField.class);
        robot.doubleClickOn(minimum).eraseText(5).write("0.10");
        Label error = robot.lookup("#error-payout-minimum").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).isEqualTo("Minimum payout (0.10) must be larger than the payout fee (0.30)");
        assertThat(save.isDisabled()).isTrue();
        robot.clickOn(save);
        Screenshots.write(stage.getScene(), "settings-error.png");
        assertThat(desk.paydesk.settingsStore().load().fees().minimumPayout()).isEqualByComparingTo("10.00");
        smallWindow(robot, "settings-small.png");
    }
}
