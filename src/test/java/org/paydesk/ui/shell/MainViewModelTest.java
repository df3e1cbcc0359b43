package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

@ExtendWith(DatabaseExtension.class)
class MainViewModelTest {

    @Test
    void startOnAnEmptyDatabaseOffersDemoDataAndSaysSo(Paydesk paydesk) {
        MainViewModel viewModel = new MainViewModel(paydesk, new Caller(7, "cleo", EnumSet.of(Role.CLERK)),
                new CurrentThreadTaskExecutor(), Locale.US);

        viewModel.start();

        assertThat(viewModel.demo().offeredProperty().get()).isTrue();
        assertThat(viewModel.accounts().rows()).isEmpty();
        assertThat(viewModel.accounts().placeholderProperty().get()).startsWith("No participants yet");
        assertThat(viewModel.statusText().get())
                .isEqualTo(paydesk.database().description() + "  ·  ~0 participants");
        assertThat(viewModel.progress().get()).isZero();
    }

    @Test
    void saysWhoIsSignedInWithTheRolesInTheirUsualOrder(Paydesk paydesk) {
        Caller caller = new Caller(7, "ada", EnumSet.of(Role.ADMIN, Role.CLERK));

        MainViewModel viewModel = new MainViewModel(paydesk, caller, new CurrentThreadTaskExecutor(), Locale.US);

        assertThat(viewModel.caller()).isSameAs(caller);
        assertThat(viewModel.signedInText()).isEqualTo("Signed in as ada (CLERK, ADMIN)");
    }
}
