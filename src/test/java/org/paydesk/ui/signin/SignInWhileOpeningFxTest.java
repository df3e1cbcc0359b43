package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The sign-in window as the start-up shows it, before the database is open (as DesktopApp wires
 * it): the name and password can be typed and sent at once; the check waits for the database and
 * signs in when it is there.
 */
@ExtendWith(ApplicationExtension.class)
class SignInWhileOpeningFxTest {

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final CompletableFuture<String> database = new CompletableFuture<>();
    private final StringProperty status = new SimpleStringProperty("Opening the database… You can sign in meanwhile.");
    private final AtomicReference<Caller> signedIn = new AtomicReference<>();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        SignInViewModel form = new SignInViewModel((name, password) -> {
            database.join();
            return new Caller(7, name, EnumSet.of(Role.CLERK));
        }, executor, Clock.systemUTC());
        SignInView view = new SignInView(form);
        view.showDatabaseStatus(status);
        CredentialsWindow.show(stage, view, signedIn::set, () -> { });
    }

    @AfterEach
    void stopBackgroundThreads() {
        database.complete("open");
        executor.shutdown();
    }

    @Test
    void aSignInSentBeforeTheDatabaseIsOpenWaitsForItAndSucceeds(FxRobot robot) throws Exception {
        Label databaseStatus = robot.lookup("#databaseStatus").queryAs(Label.class);
        assertThat(databaseStatus.isVisible()).isTrue();
        assertThat(databaseStatus.getText()).startsWith("Opening the database…");
        robot.clickOn(".text-field").write("cleo");
        robot.clickOn(".password-field").write("correct horse battery");
        robot.clickOn("#signIn");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "signin-while-opening.png");

        assertThat(robot.lookup("#signIn").queryButton().isDisabled()).as("checking").isTrue();
        assertThat(signedIn.get()).as("not before the database").isNull();

        robot.interact(() -> status.set("The database is open."));
        database.complete("open");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> signedIn.get() != null);
        assertThat(signedIn.get().username()).isEqualTo("cleo");
        assertThat(stage.isShowing()).isFalse();
    }
}
