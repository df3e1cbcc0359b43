package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The database is shared by the class: refused attempts use names of their own and must leave no staff behind. */
@ExtendWith(DatabaseExtension.class)
class FirstAdminViewModelTest {

    private final Paydesk paydesk;

    FirstAdminViewModelTest(Paydesk paydesk) {
        this.paydesk = paydesk;
    }

    private FirstAdminViewModel filledIn(String username, String password, String repeated) {
        FirstAdminViewModel viewModel = new FirstAdminViewModel(paydesk.staff(), new CurrentThreadTaskExecutor());
        viewModel.usernameProperty().set(username);
        viewModel.displayNameProperty().set("Someone");
        viewModel.passwordProperty().set(password);
        viewModel.repeatedProperty().set(repeated);
        return viewModel;
    }

    private boolean exists(String username) {
        return paydesk.staff().list().stream().map(StaffService.StaffRow::username).anyMatch(username::equals);
    }

    @Test
    void passwordsThatDifferAreRefusedBeforeTheService() {
        FirstAdminViewModel viewModel = filledIn("mia", "correct horse battery", "correct horse batterz");

        viewModel.create();

        assertThat(viewModel.problemProperty().get()).isEqualTo(FirstAdminViewModel.PASSWORDS_DIFFER);
        assertThat(viewModel.callerProperty().get()).isNull();
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.repeatedProperty().get()).isEmpty();
        assertThat(viewModel.usernameProperty().get()).isEqualTo("mia");
        assertThat(exists("mia")).isFalse();
    }

    @Test
    void aShortPasswordIsRefusedWithTheServicesMessage() {
        FirstAdminViewModel viewModel = filledIn("sho", "short", "short");

        viewModel.create();

        assertThat(viewModel.problemProperty().get()).isEqualTo("the password must have at least 10 characters");
        assertThat(viewModel.callerProperty().get()).isNull();
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(exists("sho")).isFalse();
    }

    @Test
    void theFirstAdminIsCreatedOnceWithEveryRole() {
        FirstAdminViewModel first = filledIn("ada", "ada's long password", "ada's long password");

        first.create();

        assertThat(first.problemProperty().get()).isNull();
        assertThat(first.callerProperty().get()).isNotNull().satisfies(caller -> {
            assertThat(caller.username()).isEqualTo("ada");
            assertThat(caller.roles()).containsExactlyInAnyOrder(Role.values());
        });
        assertThat(paydesk.staff().needsFirstAdmin()).isFalse();

        FirstAdminViewModel second = filledIn("eve", "eve's long password", "eve's long password");
        second.create();

        assertThat(second.callerProperty().get()).isNull();
        assertThat(second.problemProperty().get()).contains("first administrator already exists");
        assertThat(exists("eve")).isFalse();
    }

    @Test
    void cannotBeSubmittedWithoutANameAndBothPasswords() {
        FirstAdminViewModel viewModel = filledIn("", "ada's long password", "ada's long password");
        assertThat(viewModel.canCreate().get()).isFalse();

        viewModel.usernameProperty().set("zoe");
        viewModel.repeatedProperty().set("");
        assertThat(viewModel.canCreate().get()).isFalse();

        viewModel.repeatedProperty().set("ada's long password");
        assertThat(viewModel.canCreate().get()).isTrue();
    }
}
