package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.processor.ProcessorLock.HolderInfo;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.demo.DemoDataViewModel;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;
import org.paydesk.ui.task.QueuedTaskExecutor;
import org.paydesk.ui.task.TaskExecutor;

/** The main window's logic without a toolkit or a database: the status follows what the source reads. */
class MainViewModelTest {

    private static final Caller CLEO = new Caller(7, "cleo", EnumSet.of(Role.CLERK));

    private final AtomicReference<DeskStatus> database = new AtomicReference<>(new DeskStatus(0, Optional.empty()));
    private final AtomicBoolean signedOut = new AtomicBoolean();

    private MainViewModel viewModel(Caller caller, TaskExecutor executor) {
        DemoDataViewModel demo = new DemoDataViewModel(() -> database.get().participants() == 0,
                (count, seed, progress) -> new DemoGenerator.DemoResult(count, 0, java.time.Duration.ZERO), executor, () -> { });
        return new MainViewModel(caller, "test database", database::get, demo, new Navigation(List.of(), caller),
                executor, Locale.US, ZoneOffset.UTC, () -> signedOut.set(true));
    }

    @Test
    void startOnAnEmptyDatabaseOffersDemoDataAndSaysSo() {
        MainViewModel viewModel = viewModel(CLEO, new CurrentThreadTaskExecutor());

        viewModel.start();

        assertThat(viewModel.demo().offeredProperty().get()).isTrue();
        assertThat(viewModel.demo().databaseEmptyProperty().get()).isTrue();
        assertThat(viewModel.statusText().get()).isEqualTo("test database  ·  ~0 participants");
        assertThat(viewModel.lockText().get()).isEqualTo("Processor: free");
        assertThat(viewModel.progress().get()).isZero();
    }

    @Test
    void countDemoOfferAndLockFollowTheDatabaseOnEachRefresh() {
        MainViewModel viewModel = viewModel(CLEO, new CurrentThreadTaskExecutor());
        viewModel.start();

        // Someone imports from the command line and starts a payday on another workstation.
        database.set(new DeskStatus(1234, Optional.of(new HolderInfo("olga", "desk-2", "Payday 7",
                Instant.parse("2026-11-24T09:12:03Z"), Instant.parse("2026-11-24T09:14:05Z")))));
        viewModel.refreshStatus();

        assertThat(viewModel.statusText().get()).isEqualTo("test database  ·  ~1,234 participants");
        assertThat(viewModel.demo().databaseEmptyProperty().get()).as("Load demo data… withdrawn").isFalse();
        assertThat(viewModel.lockText().get())
                .isEqualTo("Processor: Payday 7 by olga on desk-2 since 09:12:03, last heartbeat 09:14:05");

        database.set(new DeskStatus(1234, Optional.empty()));
        viewModel.refreshStatus();
        assertThat(viewModel.lockText().get()).isEqualTo("Processor: free");
    }

    @Test
    void aStatusReadOnItsWayIsNotDoubledAndStopCancelsIt() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        MainViewModel viewModel = viewModel(CLEO, executor);

        viewModel.refreshStatus();
        viewModel.refreshStatus();
        assertThat(executor.size()).isEqualTo(1);

        viewModel.stop();
        assertThat(executor.size()).as("cancelled").isZero();
        viewModel.refreshStatus();
        assertThat(executor.size()).isEqualTo(1);
    }

    @Test
    void aFailedReadSaysSoInsteadOfAStaleCount() {
        List<String> seen = new ArrayList<>();
        DemoDataViewModel demo = new DemoDataViewModel(() -> false,
                (count, seed, progress) -> new DemoGenerator.DemoResult(count, 0, java.time.Duration.ZERO), new CurrentThreadTaskExecutor(),
                () -> { });
        MainViewModel viewModel = new MainViewModel(CLEO, "test database", () -> {
            throw new IllegalStateException("connection refused");
        }, demo, new Navigation(List.of(), CLEO), new CurrentThreadTaskExecutor(), Locale.US, ZoneOffset.UTC, () -> { });
        viewModel.statusText().addListener((o, old, now) -> seen.add(now));

        viewModel.refreshStatus();

        assertThat(viewModel.statusText().get()).startsWith("test database  ·  ").contains("connection refused");
        assertThat(viewModel.lockText().get()).isEqualTo("Processor: unknown (the database did not answer)");
    }

    @Test
    void signOutRunsTheCallback() {
        MainViewModel viewModel = viewModel(CLEO, new CurrentThreadTaskExecutor());

        viewModel.signOut();

        assertThat(signedOut).isTrue();
    }

    @Test
    void saysWhoIsSignedInWithTheRolesInTheirUsualOrder() {
        Caller caller = new Caller(7, "ada", EnumSet.of(Role.ADMIN, Role.CLERK));

        MainViewModel viewModel = viewModel(caller, new CurrentThreadTaskExecutor());

        assertThat(viewModel.caller()).isSameAs(caller);
        assertThat(viewModel.signedInText()).isEqualTo("Signed in as ada (CLERK, ADMIN)");
    }
}
