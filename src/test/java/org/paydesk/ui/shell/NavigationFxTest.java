package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.event.Event;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
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
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The navigation of an approver: only the screens their role allows, switched by click and Ctrl+number. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class NavigationFxTest {

    private static Paydesk paydesk;
    private static Caller april;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;

    @BeforeAll
    static void staff(Paydesk opened) {
        paydesk = opened;
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "april", "April Approver", EnumSet.of(Role.APPROVER),
                "april long password".toCharArray());
        april = paydesk.staff().signIn("april", "april long password".toCharArray());
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainWindow.show(stage, MainScreens.mainViewModel(paydesk, april, executor, Locale.US, () -> { }));
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    /**
     * Ctrl+key as the scene receives it. Fired at the scene: Monocle's robot delivers key presses
     * only to a window its own window manager has focused, which a test stage never is.
     */
    private void ctrl(FxRobot robot, KeyCode key) {
        robot.interact(() -> Event.fireEvent(stage.getScene(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", key,
                false, true, false, false)));
    }

    @Test
    void showsOnlyTheScreensTheRolesAllowAndSwitchesByKeyboard(FxRobot robot) throws Exception {
        assertThat(robot.lookup(".nav-item").queryAllAs(ToggleButton.class)).extracting(ToggleButton::getText)
                .containsExactly("Accounts", "Approvals");
        assertThat(robot.lookup("#nav-staff").tryQuery()).isEmpty();
        assertThat(robot.lookup("#nav-payday").tryQuery()).isEmpty();
        assertThat(robot.lookup("#nav-accounts").queryAs(ToggleButton.class).isSelected()).isTrue();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#processorLock").queryAs(Label.class)
                .getText().equals("Processor: free"));

        ctrl(robot, KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#nav-approvals").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#pendingTable").tryQuery()).as("the approvals screen").isPresent();
        assertThat(robot.lookup("#nav-refunds").tryQuery()).as("refund requests are for clerks").isEmpty();

        robot.interact(() -> robot.lookup("#nav-accounts").queryAs(ToggleButton.class).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".accounts-table").tryQuery()).isPresent();
        ctrl(robot, KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#searchField").query().isFocused()).isTrue();
    }
}
