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
import org.paydesk.ui.task.QueuedTaskExecutor;

/** Each test signs in as its own staff member, as failures count per account and the database is shared. */
@ExtendWith(DatabaseExtension.class)
class SignInViewModelTest {

    private static final String CLEO_PASSWORD = "cleo's long password";
    private static StaffService staff;

    @BeforeAll
    static void addStaff(Paydesk paydesk) {
        staff = paydesk.staff();
        Caller admin = staff.createFirstAdmin("ada", "Ada Admin", "ada's long password".toCharArray());
        for (String name : new String[] {"cleo", "walt", "dora", "sam"}) {
            staff.add(admin, name, null, EnumSet.of(Role.CLERK), (name + "'s long password").toCharArray());
        }
        long doraId = staff.list().stream().filter(row -> row.username().equals("dora")).findFirst().orElseThrow().id();
        long doraVersion = staff.list().stream().filter(row -> row.id() == doraId).findFirst().orElseThrow().version();
        staff.setDisabled(admin, doraId, true, doraVersion);
    }

    private static SignInViewModel typed(String username, String password) {
        SignInViewModel viewModel = new SignInViewModel(staff, new CurrentThreadTaskExecutor());
        viewModel.usernameProperty().set(username);
        viewModel.passwordProperty().set(password);
        return viewModel;
    }

    @Test
    void theRightPasswordSignsInAndGivesTheCallerWithItsRoles() {
        SignInViewModel viewModel = typed(" CLEO ", CLEO_PASSWORD);

        viewModel.signIn();

        assertThat(viewModel.callerProperty().get()).isNotNull().satisfies(caller -> {
            assertThat(caller.username()).isEqualTo("cleo");
            assertThat(caller.roles()).containsExactly(Role.CLERK);
        });
        assertThat(viewModel.problemProperty().get()).isNull();
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.passwordProperty().get()).as("password kept no longer than needed").isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedInlineAndClearsOnlyThePassword() {
        SignInViewModel viewModel = typed("walt", "not walt's password");

        viewModel.signIn();

        assertThat(viewModel.callerProperty().get()).isNull();
        assertThat(viewModel.problemProperty().get()).isEqualTo("wrong username or password");
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.usernameProperty().get()).isEqualTo("walt");
        assertThat(viewModel.canSignIn().get()).as("nothing to check until a password is typed again").isFalse();

        viewModel.passwordProperty().set("walt's long password");
        viewModel.signIn();

        assertThat(viewModel.problemProperty().get()).isNull();
        assertThat(viewModel.callerProperty().get().username()).isEqualTo("walt");
    }

    @Test
    void aDisabledAccountIsRefusedWithTheReason() {
        SignInViewModel viewModel = typed("dora", "dora's long password");

        viewModel.signIn();

        assertThat(viewModel.callerProperty().get()).isNull();
        assertThat(viewModel.problemProperty().get()).isEqualTo("dora is disabled; ask an administrator");
    }

    @Test
    void repeatedFailuresAskToWaitEvenForTheRightPassword(Paydesk paydesk) {
        SignInViewModel viewModel = typed("sam", "guess 1");
        viewModel.signIn();
        for (String guess : new String[] {"guess 2", "guess 3"}) {
            viewModel.passwordProperty().set(guess);
            viewModel.signIn();
        }
        assertThat(viewModel.problemProperty().get()).isEqualTo("wrong username or password");
        // The three failures ask for a 1 s wait, which a loaded machine can spend before the next
        // attempt starts; three more failures just now make it 8 s, so the refusal does not race the clock.
        paydesk.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("update staff set failed_sign_ins = failed_sign_ins + 3, last_failed_sign_in = now()"
                        + " where username = 'sam' and failed_sign_ins = 3");
            }
            return null;
        });

        viewModel.passwordProperty().set("sam's long password");
        viewModel.signIn();

        assertThat(viewModel.callerProperty().get()).isNull();
        assertThat(viewModel.problemProperty().get()).matches("Too many failed sign-ins for sam: try again in \\d+ s\\.");
        assertThat(viewModel.passwordProperty().get()).isEmpty();
    }

    @Test
    void isBusyWhileCheckingAndOnlySubmitsWhatCanBeChecked() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        SignInViewModel viewModel = new SignInViewModel(staff, executor);
        viewModel.usernameProperty().set("   ");
        viewModel.passwordProperty().set(CLEO_PASSWORD);
        viewModel.signIn();
        assertThat(executor.size()).as("no username, no check").isZero();

        viewModel.usernameProperty().set("cleo");
        viewModel.signIn();
        viewModel.signIn();

        assertThat(executor.size()).as("one check at a time").isOne();
        assertThat(viewModel.busyProperty().get()).isTrue();
        assertThat(viewModel.canSignIn().get()).isFalse();
        executor.runAll();
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.callerProperty().get().username()).isEqualTo("cleo");
    }

    @Test
    void aSuccessArrivingAfterCancelIsIgnored() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        SignInViewModel viewModel = new SignInViewModel(staff, executor);
        viewModel.usernameProperty().set("cleo");
        viewModel.passwordProperty().set(CLEO_PASSWORD);

        viewModel.signIn();
        viewModel.cancel();
        executor.runAll();

        assertThat(viewModel.cancelledProperty().get()).isTrue();
        assertThat(viewModel.callerProperty().get()).as("the app is closing; no main window").isNull();
    }
}
