package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoGenerator;

/**
 * A run persists where it is, so that another workstation (here a second {@link Paydesk} on the
 * same database) reads the phase, the progress and the counters the run's own listener was told,
 * and the errors it logged.
 */
class PaydayMonitorTest {

    @Test
    void aSecondPaydeskReadsWhatTheRunsListenerWasTold() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}");
             Paydesk elsewhere = Paydesk.open(f.config)) {
            f.paydesk.demo().generate(400, 3, DemoGenerator.Progress.NONE);
            // A fault in some tippers' writes: the run lists them as errors and carries on.
            f.sql("create function refuse_some() returns trigger language plpgsql as $$ begin"
                    + " if new.tipper_id % 40 = 0 then"
                    + " raise exception 'refused for the test'; end if; return new; end $$");
            f.sql("create trigger refuse_some before insert on transfer for each row execute function refuse_some()");
            List<PaydayProgress> told = new ArrayList<>();
            List<Optional<PaydayMonitor.OpenRun>> read = new ArrayList<>();
            List<PaydayError> errorsTold = new ArrayList<>();
            PaydayListener listener = new PaydayListener() {
                @Override
                public void progress(PaydayProgress progress) {
                    // Phase ends are always persisted before the listener hears of them.
                    if (progress.total() > 0 && progress.done() == progress.total()) {
                        told.add(progress);
                        read.add(elsewhere.paydayMonitor().openRun());
                    }
                }

                @Override
                public void error(PaydayError error) {
                    errorsTold.add(error);
                }
            };
            PaydayRunner.Options options = new PaydayRunner.Options(f.paydesk.systemCaller(), "test-host", true, 50, 4);
            PaydayStats stats = f.paydesk.payday().run(options, listener, () -> false);

            assertThat(told).extracting(PaydayProgress::phase).contains(Phase.PAYIN, Phase.PAYOUT);
            for (int i = 0; i < told.size(); i++) {
                PaydayProgress expected = told.get(i);
                PaydayMonitor.OpenRun run = read.get(i).orElseThrow();
                assertThat(run.paydayId()).isEqualTo(stats.id());
                assertThat(run.progress().phase()).isEqualTo(expected.phase());
                assertThat(run.progress().done()).isEqualTo(expected.done());
                assertThat(run.progress().total()).isEqualTo(expected.total());
                assertThat(run.progress().counters()).isEqualTo(expected.counters());
                assertThat(run.updatedAt()).isNotNull();
            }
            assertThat(told.get(told.size() - 1).counters().charges()).isPositive();

            assertThat(errorsTold).as("the refused tippers").isNotEmpty();
            Paydays.ErrorPage logged = elsewhere.paydays().errors(stats.id(), 0, 10_000);
            assertThat(logged.errors()).containsExactlyElementsOf(errorsTold);
            assertThat(elsewhere.paydayMonitor().openRun()).as("closed").isEmpty();
        }
    }
}
