package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.MainScreens;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The main window offers the audit log, staff and settings to an ADMIN, and not to a CLERK. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class AdminScreensNavigationFxTest {

    private static Paydesk paydesk;
    private static Caller ada;
    private static Caller cleo;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;

    @BeforeAll
    static void staff(Paydesk opened) {
        paydesk = opened;
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), "cleo long password".toCharArray());
        ada = paydesk.staff().signIn("ada", "ada long password".toCharArray());
        cleo = paydesk.staff().signIn("cleo", "cleo long password".toCharArray());
    }

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            WaitForAsyncUtils.asyncFx(stage::close).get(5, TimeUnit.SECONDS);
        }
        executor.shutdown();
    }

    private List<String> entriesFor(FxRobot robot, Caller caller) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage = new Stage();
            MainWindow.show(stage, MainScreens.mainViewModel(paydesk, caller, executor, Locale.US, () -> { }));
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return robot.from(stage.getScene().getRoot()).lookup(".nav-item").queryAllAs(ToggleButton.class).stream()
                .map(ToggleButton::getText).toList();
    }

    @Test
    void anAdminSeesTheAuditLogStaffAndSettings(FxRobot robot) throws Exception {
        assertThat(entriesFor(robot, ada)).contains("Audit log", "Staff", "Settings");
    }

    @Test
    void aClerkDoesNot(FxRobot robot) throws Exception {
        assertThat(entriesFor(robot, cleo)).contains("Accounts", "Payment queue", "Refund requests")
                .doesNotContain("Audit log", "Staff", "Settings", "Payday console");
    }
}
