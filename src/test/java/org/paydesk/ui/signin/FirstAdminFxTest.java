package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The first-run window on an empty database: differing passwords are refused inline, then the admin is created. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class FirstAdminFxTest {

    private final Paydesk paydesk;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final AtomicReference<Caller> signedIn = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Stage stage;

    FirstAdminFxTest(Paydesk paydesk) {
        this.paydesk = paydesk;
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        FirstAdminView view = new FirstAdminView(new FirstAdminViewModel(paydesk.staff(), executor));
        CredentialsWindow.show(stage, view, signedIn::set, () -> cancelled.set(true));
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    @Test
    void differingPasswordsAreRefusedInlineThenTheAdministratorIsCreated(FxRobot robot) throws Exception {
        Label problem = robot.lookup("#problem").queryAs(Label.class);
        PasswordField password = robot.lookup("#passwordField").queryAs(PasswordField.class);
        PasswordField repeated = robot.lookup("#repeatedField").queryAs(PasswordField.class);

        robot.clickOn("#usernameField").write("ada");
        robot.clickOn("#displayNameField").write("Ada Admin");
        robot.clickOn(password).write("correct horse battery");
        robot.clickOn(repeated).write("correct horse batter");
        robot.clickOn("#create");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> problem.getText() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(problem.getText()).isEqualTo(FirstAdminViewModel.PASSWORDS_DIFFER);
        assertThat(password.getText()).isEmpty();
        assertThat(repeated.getText()).isEmpty();
        assertThat(paydesk.staff().needsFirstAdmin()).isTrue();
        Screenshots.write(stage.getScene(), "first-admin.png");

        robot.clickOn(password).write("correct horse battery");
        robot.clickOn(repeated).write("correct horse battery");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> signedIn.get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(signedIn.get().username()).isEqualTo("ada");
        assertThat(signedIn.get().roles()).containsExactlyInAnyOrder(Role.values());
        assertThat(stage.isShowing()).isFalse();
        assertThat(paydesk.staff().needsFirstAdmin()).isFalse();
        assertThat(paydesk.staff().list()).extracting(StaffService.StaffRow::displayName).contains("Ada Admin");
        assertThat(cancelled).isFalse();
    }
}
