package org.paydesk.ui.payday.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayCounters;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayMonitor;
import org.paydesk.payday.PaydayProgress;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;
import org.paydesk.payday.Phase;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.payday.console.PaydayConsoleViewModel.Mode;
import org.paydesk.ui.payday.console.PaydayConsoleViewModel.PhaseLine;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The console's logic without a toolkit: what it shows of a run here, elsewhere or nowhere, and what it allows. */
class PaydayConsoleViewModelTest {

    private static final Caller OPERATOR = new Caller(2, "olga", Set.of(Role.OPERATOR));
    private static final Caller ADMIN = new Caller(3, "ada", Set.of(Role.ADMIN));
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    /** An in-memory database as far as the console can tell. */
    private static final class FakeSource implements PaydayConsoleSource {
        PaydayMonitor.OpenRun run;
        ProcessorLock.HolderInfo holder;
        Paydays.Summary latest;
        PaydayPreview.Figures preview;
        /** Each error with its row id. */
        final Map<Long, PaydayError> errors = new java.util.TreeMap<>();
        final List<Long> askedAfter = new ArrayList<>();

        @Override
        public Optional<PaydayMonitor.OpenRun> openRun() {
            return Optional.ofNullable(run);
        }

        @Override
        public Paydays.ErrorPage errorsAfter(long paydayId, long afterId, int limit) {
            askedAfter.add(afterId);
            List<Map.Entry<Long, PaydayError>> page = errors.entrySet().stream()
                    .filter(e -> e.getValue().paydayId() == paydayId && e.getKey() > afterId).limit(limit).toList();
            return new Paydays.ErrorPage(page.stream().map(Map.Entry::getValue).toList(),
                    page.isEmpty() ? afterId : page.get(page.size() - 1).getKey(), false);
        }

        @Override
        public Optional<ProcessorLock.HolderInfo> processorHolder() {
            return Optional.ofNullable(holder);
        }

        @Override
        public PaydayPreview.Figures preview() {
            return preview;
        }

        @Override
        public Optional<Paydays.Summary> latest() {
            return Optional.ofNullable(latest);
        }
    }

    /** Captures the launch so that the test plays the engine's part. */
    private static final class FakeLauncher implements PaydayLauncher {
        boolean force;
        PaydayListener listener;
        BooleanSupplier cancelled;
        Consumer<PaydayStats> finished;
        Consumer<Throwable> failed;

        @Override
        public void launch(boolean force, PaydayListener listener, BooleanSupplier cancelled,
                           Consumer<PaydayStats> finished, Consumer<Throwable> failed) {
            this.force = force;
            this.listener = listener;
            this.cancelled = cancelled;
            this.finished = finished;
            this.failed = failed;
        }
    }

    private final FakeSource source = new FakeSource();
    private final FakeLauncher launcher = new FakeLauncher();

    private PaydayConsoleViewModel console(Caller caller) {
        return new PaydayConsoleViewModel(source, launcher, caller, new CurrentThreadTaskExecutor(),
                Currency.getInstance("USD"), Locale.US, ZoneOffset.UTC);
    }

    private static PaydayCounters.Snapshot counters(long charges, String volume) {
        return new PaydayCounters.Snapshot(charges, new BigDecimal(volume), 1, 0, 5, new BigDecimal("12.50"), 2, 0,
                BigDecimal.ZERO.setScale(2), 0, 1);
    }

    private static PaydayMonitor.OpenRun run(long id, Phase phase, long done, long total) {
        Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
        seconds.put(Phase.START, 1.25);
        seconds.put(Phase.REFUNDS, 0.01);
        return new PaydayMonitor.OpenRun(id, T0, "olga", new PaydayProgress(id, phase, done, total, 25.0,
                Duration.ofSeconds(90), counters(7, "70.00")), seconds, T0.plusSeconds(30));
    }

    private void error(long id, long paydayId, String who) {
        source.errors.put(id, new PaydayError(paydayId, 40L + id, who, null, null, Phase.PAYIN,
                "pay-in failed: refused", T0.plusSeconds(id)));
    }

    @Test
    void withNoPaydayAnOperatorMayLaunchAndAnAdminOnlyWatches() {
        PaydayConsoleViewModel operator = console(OPERATOR);
        operator.refresh();
        assertThat(operator.headlineProperty().get()).isEqualTo("No payday has run yet");
        assertThat(operator.canLaunchProperty().get()).isTrue();
        assertThat(operator.launchTextProperty().get()).isEqualTo("Launch payday…");
        assertThat(operator.errorsNoteProperty().get()).isEqualTo("No errors");

        PaydayConsoleViewModel admin = console(ADMIN);
        admin.refresh();
        assertThat(admin.isOperator()).isFalse();
        assertThat(admin.canLaunchProperty().get()).isFalse();
    }

    @Test
    void aRunElsewhereShowsItsPhaseProgressCountersAndNewErrorsOnly() {
        source.run = run(9, Phase.PAYIN, 50, 200);
        source.holder = new ProcessorLock.HolderInfo("olga", "ws-7", "Payday", T0, Instant.now());
        error(1, 9, "bob");
        PaydayConsoleViewModel console = console(OPERATOR);
        console.refresh();

        assertThat(console.mode()).isEqualTo(Mode.RUNNING_ELSEWHERE);
        assertThat(console.headlineProperty().get()).isEqualTo("Payday #9 is running on ws-7 (olga)");
        assertThat(console.canLaunchProperty().get()).as("the processor is taken").isFalse();
        assertThat(console.canCancelProperty().get()).as("only the console that launched it cancels").isFalse();
        assertThat(console.progressProperty().get()).isEqualTo(0.25);
        assertThat(console.progressTextProperty().get()).isEqualTo("Pay-in: 50 of 200, 25 a second, about 1 min 30 s left");
        assertThat(console.phases()).extracting(PhaseLine::state).containsExactly(PhaseLine.State.DONE,
                PhaseLine.State.DONE, PhaseLine.State.CURRENT, PhaseLine.State.WAITING, PhaseLine.State.WAITING,
                PhaseLine.State.WAITING);
        assertThat(console.phases().get(0).seconds()).isEqualTo("1.3 s");
        assertThat(console.counters().get(0).value()).isEqualTo("7 · $70.00");
        assertThat(console.errors()).extracting(PaydayError::participant).containsExactly("bob");

        error(2, 9, "carl");
        source.run = run(9, Phase.PAYIN, 150, 200);
        console.refresh();
        assertThat(source.askedAfter).containsExactly(0L, 1L);
        assertThat(console.errors()).extracting(PaydayError::participant).containsExactly("bob", "carl");
        assertThat(console.errorsNoteProperty().get()).isEqualTo("Errors: 2");
        assertThat(console.progressProperty().get()).isEqualTo(0.75);
    }

    @Test
    void anOpenPaydayThatNothingRunsCanBeResumed() {
        source.run = run(4, Phase.PAYOUT, 10, 30);
        PaydayConsoleViewModel console = console(OPERATOR);
        console.refresh();
        assertThat(console.mode()).isEqualTo(Mode.OPEN);
        assertThat(console.headlineProperty().get()).isEqualTo("Payday #4 is open: it stopped in Payout and can be resumed");
        assertThat(console.launchTextProperty().get()).isEqualTo("Resume payday…");
        assertThat(console.canLaunchProperty().get()).isTrue();
        assertThat(console.confirmation()).startsWith("Resume the open payday");
    }

    @Test
    void aRunHereIsShownOncePerFrameWhateverTheEngineSendsAndCancelsBetweenBatches() {
        PaydayConsoleViewModel console = console(OPERATOR);
        console.refresh();
        console.launch();
        assertThat(console.canLaunchProperty().get()).isFalse();
        assertThat(console.canCancelProperty().get()).isTrue();

        for (int done = 1; done <= 1_000; done++) {
            launcher.listener.progress(new PaydayProgress(12, Phase.PAYIN, done, 1_000, 500, Duration.ZERO,
                    counters(done, "1.00")));
        }
        assertThat(console.progressTextProperty().get()).as("nothing applied between frames").isEmpty();
        console.pulse();
        assertThat(console.progressTextProperty().get()).startsWith("Pay-in: 1,000 of 1,000");
        assertThat(console.counters().get(0).value()).isEqualTo("1,000 · $1.00");

        assertThat(launcher.cancelled.getAsBoolean()).isFalse();
        console.cancel();
        assertThat(launcher.cancelled.getAsBoolean()).isTrue();
        assertThat(console.canCancelProperty().get()).isFalse();
        launcher.failed.accept(new PaydayCancelledException(12, Phase.PAYIN));
        assertThat(console.messageProperty().get())
                .isEqualTo("Cancelled. Payday #12 stays open; resume it from here when you are ready.");
        assertThat(console.canLaunchProperty().get()).isTrue();
    }

    @Test
    void theConfirmationOfANewPaydayShowsItsPreviewAndWhatForcingWouldOverride() {
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        source.preview = new PaydayPreview.Figures(T0, "The last payday (#3) started at 2026-11-30 09:00 UTC;"
                + " the next may start after 2026-12-06 09:00 UTC.", 300, 120, 410, 12, 1, 40, new BigDecimal("415.60"),
                new BigDecimal("25.60"), 3, 9, 380, new BigDecimal("1204.50"), 30, 11, new BigDecimal("700.70"),
                new BigDecimal("3.30"), 6, 0, Duration.ofMillis(120));
        PaydayConsoleViewModel console = console(OPERATOR);
        console.refresh();
        List<PaydayConsoleViewModel.Confirmation> shown = new ArrayList<>();
        console.prepareLaunch(shown::add);

        assertThat(shown).singleElement().satisfies(c -> {
            assertThat(c.text()).startsWith("Launch the payday now?")
                    .contains("Charges: 40 for 415.60 (fees 25.60), if every card succeeds; 3 of those cards failed last time")
                    .contains("Transfers: 380 for 1204.50 from 120 tippers; 30 new owed amounts.")
                    .contains("Payouts: 11 for 700.70 (fees 3.30); 6 below the minimum wait.");
            assertThat(c.refusal()).startsWith("The last payday (#3)");
        });
        console.launch(true);
        assertThat(launcher.force).as("forced by the operator's choice").isTrue();
    }

    @Test
    void aRefusalIsShownInWords() {
        PaydayConsoleViewModel console = console(OPERATOR);
        console.refresh();
        console.launch();
        launcher.failed.accept(new PaydayRefusedException("The last payday (#3) started at 2026-12-01 09:00; the next"
                + " may start after 2026-12-07 09:00."));
        assertThat(console.messageProperty().get()).startsWith("Not started: The last payday (#3)");
        assertThat(console.canLaunchProperty().get()).isTrue();
    }

    @Test
    void eachRunLaunchedHereTellsTheHookHowItEnded() {
        PaydayConsoleViewModel console = console(OPERATOR);
        List<PaydayConsoleViewModel.RunEnded> ended = new ArrayList<>();
        console.setOnRunEnded(ended::add);
        console.refresh();

        console.launch();
        launcher.finished.accept(new PaydayStats(14, 300, 120, 410, 380, new BigDecimal("1204.50"), 40,
                new BigDecimal("415.60"), new BigDecimal("25.60"), 3, 1, 11, new BigDecimal("700.70"),
                new BigDecimal("3.30"), 0, 30, 0, 0, 2, Map.of()));
        console.launch();
        launcher.failed.accept(new IllegalStateException("the gateway stopped answering"));
        console.launch();
        launcher.failed.accept(new PaydayCancelledException(15, Phase.PAYIN));
        console.launch();
        launcher.failed.accept(new PaydayRefusedException("a payday ran yesterday"));

        assertThat(ended).extracting(PaydayConsoleViewModel.RunEnded::ending).containsExactly(
                PaydayConsoleViewModel.RunEnded.Ending.FINISHED, PaydayConsoleViewModel.RunEnded.Ending.FAILED,
                PaydayConsoleViewModel.RunEnded.Ending.CANCELLED, PaydayConsoleViewModel.RunEnded.Ending.NOT_STARTED);
        assertThat(ended.get(0).text()).isEqualTo("Payday #14 finished: 40 charges, 380 transfers, 11 payouts, 2 errors.");
        assertThat(ended.get(1).text())
                .isEqualTo("The payday stopped: the gateway stopped answering. It stays open; resume it from here.");
        assertThat(ended.get(3).text()).isEqualTo("Not started: a payday ran yesterday");
        assertThat(ended).allSatisfy(end -> assertThat(end.text()).doesNotContain("Exception", "\tat "));
    }
}
