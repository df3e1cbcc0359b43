package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

@ExtendWith(DatabaseExtension.class)
class MainViewModelTest {

    @Test
    void startOnAnEmptyDatabaseOffersDemoDataAndSaysSo(Paydesk paydesk) {
        MainViewModel viewModel = new MainViewModel(paydesk, new CurrentThreadTaskExecutor(), Locale.US);

        viewModel.start();

        assertThat(viewModel.demo().offeredProperty().get()).isTrue();
        assertThat(viewModel.accounts().rows()).isEmpty();
        assertThat(viewModel.accounts().placeholderProperty().get()).startsWith("No participants yet");
        assertThat(viewModel.statusText().get())
                .isEqualTo(paydesk.database().description() + "  ·  ~0 participants");
        assertThat(viewModel.progress().get()).isZero();
    }
}
