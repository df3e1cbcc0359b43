package org.paydesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.payday.Paydays;
import org.paydesk.staff.Caller;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.shell.MainViewModel;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The client's "Load demo data…" brings a month of weekly paydays, so the history is not empty on a first look. */
@ExtendWith(DatabaseExtension.class)
class DemoWithHistoryTest {

    @Test
    void demoDataFromTheClientComesWithWeeklyPastPaydays(Paydesk paydesk) {
        Caller ada = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        MainViewModel main = MainScreens.mainViewModel(paydesk, ada, new CurrentThreadTaskExecutor(), Locale.US, () -> { });
        main.demo().countTextProperty().set("200");

        assertThat(main.demo().generate()).isTrue();

        var paydays = paydesk.paydays().list(10);
        assertThat(paydays).hasSize(MainScreens.DEMO_WEEKS).noneMatch(Paydays.Summary::open);
        for (int i = 0; i + 1 < paydays.size(); i++) {
            assertThat(java.time.Duration.between(paydays.get(i + 1).tsStart(), paydays.get(i).tsStart()).toDays())
                    .as("a week apart").isEqualTo(7);
        }
        assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
    }
}
