package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The sign-in window on a real database: a wrong password is refused inline, the right one signs in and closes it. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class SignInFxTest {

    private static Paydesk paydesk;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final AtomicReference<Caller> signedIn = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Stage stage;

    @BeforeAll
    static void addClerk(Paydesk opened) {
        paydesk = opened;
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), "correct horse battery".toCharArray());
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        SignInView view = new SignInView(new SignInViewModel(paydesk.staff(), executor));
        CredentialsWindow.show(stage, view, signedIn::set, () -> cancelled.set(true));
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    @Test
    void aWrongPasswordIsRefusedInlineThenTheRightOneSignsIn(FxRobot robot) throws Exception {
        Label problem = robot.lookup("#problem").queryAs(Label.class);
        PasswordField password = robot.lookup("#passwordField").queryAs(PasswordField.class);

        robot.clickOn("#usernameField").write("cleo");
        robot.clickOn(password).write("correct horse");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> problem.getText() != null && problem.isVisible());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(problem.getText()).isEqualTo("wrong username or password");
        assertThat(password.getText()).as("cleared after a failure").isEmpty();
        assertThat(password.isFocused()).as("ready for the next try").isTrue();
        assertThat(stage.isShowing()).isTrue();
        assertThat(signedIn.get()).isNull();
        Screenshots.write(stage.getScene(), "sign-in.png");

        robot.write("correct horse battery");
        robot.clickOn("#signIn");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> signedIn.get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(signedIn.get().username()).isEqualTo("cleo");
        assertThat(signedIn.get().roles()).containsExactly(Role.CLERK);
        assertThat(stage.isShowing()).as("the sign-in window closes").isFalse();
        assertThat(cancelled).isFalse();
    }
}
