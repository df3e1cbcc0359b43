package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** After an administrator reset the password, the sign-in form asks for a new one and signs in only with it. */
@ExtendWith(DatabaseExtension.class)
class PasswordResetSignInTest {

    private static StaffService staff;

    @BeforeAll
    static void resetRita(Paydesk paydesk) {
        staff = paydesk.staff();
        Caller admin = staff.createFirstAdmin("ada", "Ada Admin", "ada's long password".toCharArray());
        long rita = staff.add(admin, "rita", null, EnumSet.of(Role.CLERK), "rita's long password".toCharArray());
        staff.resetPassword(admin, rita, "temporary secret".toCharArray(), 0);
    }

    @Test
    void theRightTemporaryPasswordLeadsToANewPasswordAndOnlyThatSignsIn() {
        SignInViewModel form = new SignInViewModel(staff, new CurrentThreadTaskExecutor());
        form.usernameProperty().set("rita");
        form.passwordProperty().set("temporary secret");
        form.signIn();
        assertThat(form.callerProperty().get()).as("not signed in yet").isNull();
        assertThat(form.mustChangeProperty().get()).isTrue();
        assertThat(form.problemProperty().get()).isEqualTo(SignInViewModel.CHOOSE_NEW);
        assertThat(form.canSignIn().get()).as("a new password is needed first").isFalse();

        form.newPasswordProperty().set("rita's own password");
        form.repeatedPasswordProperty().set("rita's own passwort");
        form.signIn();
        assertThat(form.problemProperty().get()).isEqualTo(SignInViewModel.NEW_PASSWORDS_DIFFER);
        assertThat(form.newPasswordProperty().get()).isEmpty();

        form.newPasswordProperty().set("too short");
        form.repeatedPasswordProperty().set("too short");
        form.signIn();
        assertThat(form.problemProperty().get()).contains("at least 10 characters");
        assertThat(form.mustChangeProperty().get()).isTrue();

        form.newPasswordProperty().set("rita's own password");
        form.repeatedPasswordProperty().set("rita's own password");
        form.signIn();
        assertThat(form.callerProperty().get()).isNotNull().extracting(Caller::username).isEqualTo("rita");
        assertThat(staff.signIn("rita", "rita's own password".toCharArray()).username()).isEqualTo("rita");
    }

    @Test
    void aWrongPasswordDoesNotAskForANewOne() {
        SignInViewModel form = new SignInViewModel(staff, new CurrentThreadTaskExecutor());
        form.usernameProperty().set("ada");
        form.passwordProperty().set("not ada's password");
        form.signIn();
        assertThat(form.mustChangeProperty().get()).isFalse();
        assertThat(form.problemProperty().get()).isEqualTo("wrong username or password");
    }
}
