package org.paydesk.ui.payday.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;
import org.paydesk.payday.Phase;
import org.paydesk.reports.PaydayReport;
import org.paydesk.ui.payday.history.PaydayHistoryViewModel.ChartMode;
import org.paydesk.ui.payday.history.PaydayHistoryViewModel.Point;
import org.paydesk.ui.payday.history.PaydayHistoryViewModel.Series;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;
import org.paydesk.ui.task.QueuedTaskExecutor;

/** The payday history's logic without a toolkit or a database: a history in memory, a report writer that records. */
class PaydayHistoryViewModelTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");

    /** A history in memory: paydays latest first, errors by payday in pages, reads counted. */
    private static final class FakeHistory implements PaydayHistoryViewModel.History {
        final List<Paydays.Summary> paydays = new ArrayList<>();
        final Map<Long, List<PaydayError>> errors = new HashMap<>();
        RuntimeException failure;
        int errorReads;

        @Override
        public List<Paydays.Summary> latest(int limit) {
            if (failure != null) {
                throw failure;
            }
            return paydays.subList(0, Math.min(limit, paydays.size()));
        }

        @Override
        public Paydays.ErrorPage errors(long paydayId, long afterId, int limit) {
            errorReads++;
            List<PaydayError> all = errors.getOrDefault(paydayId, List.of());
            int from = (int) afterId;
            int to = Math.min(all.size(), from + limit);
            return new Paydays.ErrorPage(all.subList(from, to), to, to < all.size());
        }
    }

    private static Paydays.Summary payday(long id, String charged, String transferred, String paidOut, int errors,
                                          long seconds) {
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("start", 0.1);
        phases.put("refunds", 0.0);
        phases.put("payin", 12.25);
        phases.put("settle", 0.4);
        phases.put("payout", 3.0);
        phases.put("checks", 1.5);
        PaydayStats stats = new PaydayStats(id, 1000 + id, 400, 900, 850 + id, new BigDecimal(transferred), 120,
                new BigDecimal(charged), new BigDecimal("47.10"), 3, 2, 40, new BigDecimal(paidOut),
                new BigDecimal("12.00"), 1, 50, 4, 0, errors, phases);
        Instant start = MONDAY.plusSeconds(7L * 24 * 3600 * id);
        return new Paydays.Summary(id, start, seconds < 0 ? null : start.plusSeconds(seconds),
                seconds < 0 ? Phase.PAYIN : Phase.DONE, false, "system", stats);
    }

    private static List<PaydayError> errors(long paydayId, int n) {
        List<PaydayError> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new PaydayError(paydayId, (long) i, "tipper" + i, 99L, "creator", Phase.PAYIN,
                    "card declined " + i, MONDAY.plusSeconds(i)));
        }
        return list;
    }

    private final FakeHistory history = new FakeHistory();
    private final List<String> written = new ArrayList<>();

    private PaydayHistoryViewModel model(org.paydesk.ui.task.TaskExecutor executor, int errorPage) {
        return new PaydayHistoryViewModel(history, (id, format, file) -> {
            if (file.toString().contains("missing")) {
                throw new IllegalArgumentException("cannot write the report to " + file + ": the folder "
                        + file.getParent() + " does not exist");
            }
            written.add(id + " " + format + " " + file);
        }, executor, USD, Locale.US, ZoneOffset.UTC, errorPage);
    }

    private void threePaydays() {
        history.paydays.add(payday(3, "1500.50", "1300.00", "900.25", 5, 125));
        history.paydays.add(payday(2, "1200.00", "1100.00", "800.00", 0, 4000));
        history.paydays.add(payday(1, "1000.00", "950.00", "700.00", 1, 42));
        history.errors.put(3L, errors(3, 5));
        history.errors.put(1L, errors(1, 1));
    }

    @Test
    void loadingShowsThePaydaysLatestFirstAndSelectsTheLatest() {
        threePaydays();
        PaydayHistoryViewModel vm = model(new CurrentThreadTaskExecutor(), 200);
        vm.reload();

        assertThat(vm.rows()).extracting(Paydays.Summary::id).containsExactly(3L, 2L, 1L);
        assertThat(vm.placeholderProperty().get()).isEmpty();
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.selectedProperty().get().id()).isEqualTo(3);
        assertThat(vm.summaryProperty().get()).isEqualTo("Payday #3 · started 3/23/26, 9:00 AM by system"
                + " · took 2 min 05 s");
        assertThat(vm.errors()).hasSize(5);
        PaydayError early = vm.errors().get(0);
        assertThat(vm.errorTime(early)).as("not the day payday 3 started").isEqualTo("3/2/26, 9:00 AM");
        assertThat(vm.errorTime(new PaydayError(3, null, null, null, null, Phase.CHECKS, "x",
                MONDAY.plusSeconds(21L * 24 * 3600 + 60)))).isEqualTo("9:01 AM");
        assertThat(vm.canExportProperty().get()).isTrue();

        Paydays.Summary second = vm.rows().get(1);
        assertThat(vm.money(second.stats().chargeVolume())).isEqualTo("$1,200.00");
        assertThat(vm.duration(second)).isEqualTo("1 h 06 min");
        assertThat(vm.state(second)).isEqualTo("Done");
        assertThat(vm.ended(second)).as("the same day: the time is enough").isEqualTo("10:06 AM");
        assertThat(PaydayHistoryViewModel.oneLine("pay-in failed: ERROR: closed\n  Where: PL/pgSQL function f() line 1"))
                .isEqualTo("pay-in failed: ERROR: closed Where: PL/pgSQL function f() line 1");
    }

    @Test
    void theChartHasOneLinePerVolumeOrCountOldestFirst() {
        threePaydays();
        PaydayHistoryViewModel vm = model(new CurrentThreadTaskExecutor(), 200);
        vm.reload();

        List<Series> volumes = vm.chartProperty().get();
        assertThat(volumes).extracting(Series::name).containsExactly("Charged", "Transferred", "Paid out");
        assertThat(volumes.get(0).points()).extracting(Point::paydayId).containsExactly(1L, 2L, 3L);
        assertThat(volumes.get(0).points()).extracting(Point::value)
                .containsExactly(new BigDecimal("1000.00"), new BigDecimal("1200.00"), new BigDecimal("1500.50"));
        assertThat(volumes.get(2).points().get(2).text()).isEqualTo("Payday #3 (Mar 23, 2026): paid out $900.25");

        vm.chartModeProperty().set(ChartMode.COUNTS);
        List<Series> counts = vm.chartProperty().get();
        assertThat(counts).extracting(Series::name).containsExactly("Charges", "Transfers", "Payouts", "Errors");
        assertThat(counts.get(3).points()).extracting(Point::value).containsExactly(1L, 0L, 5L);
        assertThat(vm.axisLabel(2)).isEqualTo("#2 Mar 16");
        assertThat(vm.axisLabel(7)).as("no payday 7: no label").isEmpty();
    }

    @Test
    void noPaydayYetSaysSoAndAFailedReadSaysWhy() {
        PaydayHistoryViewModel vm = model(new CurrentThreadTaskExecutor(), 200);
        vm.reload();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.placeholderProperty().get()).startsWith("No payday has run yet.");
        assertThat(vm.canExportProperty().get()).isFalse();
        assertThat(vm.chartProperty().get()).allSatisfy(s -> assertThat(s.points()).isEmpty());

        history.failure = new IllegalStateException("the database is read-only");
        vm.reload();
        assertThat(vm.placeholderProperty().get()).isEqualTo("Could not read the paydays: the database is read-only");
    }

    @Test
    void selectingAPaydayShowsItsPhasesAndItsErrorsAPageAtATime() {
        threePaydays();
        PaydayHistoryViewModel vm = model(new CurrentThreadTaskExecutor(), 2);
        vm.reload();

        assertThat(vm.phasesProperty().get()).isEqualTo("Seconds per phase:  Start 0.1 s  ·  Refunds 0.0 s  ·"
                + "  Pay-in 12.3 s  ·  Settle 0.4 s  ·  Pay-out 3.0 s  ·  Checks 1.5 s");
        assertThat(vm.errors()).extracting(PaydayError::message).containsExactly("card declined 0", "card declined 1");
        assertThat(vm.errorsHeaderProperty().get()).isEqualTo("Errors: 2 of 5 shown, scroll for more");
        assertThat(vm.moreErrorsProperty().get()).isTrue();
        vm.loadMoreErrors();
        vm.loadMoreErrors();
        assertThat(vm.errors()).extracting(PaydayError::message)
                .containsExactly("card declined 0", "card declined 1", "card declined 2", "card declined 3",
                        "card declined 4");
        assertThat(vm.moreErrorsProperty().get()).isFalse();
        assertThat(vm.errorsHeaderProperty().get()).isEqualTo("Errors: 5");
        int reads = history.errorReads;
        vm.loadMoreErrors();
        assertThat(history.errorReads).as("nothing more to read").isEqualTo(reads);

        vm.select(vm.rows().get(1));
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.errorsHeaderProperty().get()).isEqualTo("Errors: none");
        assertThat(vm.errorsPlaceholderProperty().get()).isEqualTo("No errors in this payday.");
        assertThat(vm.summaryProperty().get()).startsWith("Payday #2 ");

        vm.select(vm.rows().get(2));
        assertThat(vm.errors()).extracting(PaydayError::participant).containsExactly("tipper0");
        assertThat(vm.errorsHeaderProperty().get()).isEqualTo("Errors: 1");
    }

    @Test
    void aReloadKeepsTheSelectedPaydayAndItsErrors() {
        threePaydays();
        PaydayHistoryViewModel vm = model(new CurrentThreadTaskExecutor(), 200);
        vm.reload();
        vm.select(vm.rows().get(2));
        int reads = history.errorReads;

        history.paydays.add(0, payday(4, "10.00", "10.00", "0.00", 0, -1));
        vm.reload();
        assertThat(vm.rows()).extracting(Paydays.Summary::id).containsExactly(4L, 3L, 2L, 1L);
        assertThat(vm.selectedProperty().get().id()).isEqualTo(1);
        assertThat(history.errorReads).as("the same payday, unchanged: its errors are not read again").isEqualTo(reads);
        assertThat(vm.state(vm.rows().get(0))).isEqualTo("Open: pay-in");
        assertThat(vm.duration(vm.rows().get(0))).isEqualTo("running");
    }

    @Test
    void staleResultsAreDropped() {
        threePaydays();
        QueuedTaskExecutor tasks = new QueuedTaskExecutor();
        PaydayHistoryViewModel vm = model(tasks, 200);
        vm.reload();
        tasks.run(0); // the list; it selects payday 3 and asks for its errors
        assertThat(tasks.size()).isEqualTo(1);

        vm.select(vm.rows().get(2)); // payday 1 before payday 3's errors arrived
        tasks.run(1); // payday 1's errors
        tasks.run(0); // payday 3's errors, late
        assertThat(vm.errors()).extracting(PaydayError::paydayId).containsOnly(1L);
        assertThat(vm.summaryProperty().get()).startsWith("Payday #1 ");

        // Two reloads: the older answer arrives last and is dropped.
        vm.reload();
        history.paydays.add(0, payday(4, "10.00", "10.00", "0.00", 0, 30));
        vm.reload();
        tasks.run(1);
        assertThat(vm.rows()).hasSize(4);
        tasks.run(0);
        assertThat(vm.rows()).as("the older list does not come back").hasSize(4);
    }

    @Test
    void exportWritesOffTheFxThreadAndSaysWhereOrWhyNot() {
        threePaydays();
        QueuedTaskExecutor tasks = new QueuedTaskExecutor();
        PaydayHistoryViewModel vm = model(tasks, 200);
        vm.reload();
        tasks.runAll();
        assertThat(vm.suggestedFileName(PaydayReport.Format.PDF)).isEqualTo("payday-3.pdf");

        Path file = Path.of("/tmp/reports/payday-3.pdf");
        vm.export(PaydayReport.Format.PDF, file);
        assertThat(written).as("nothing written on the calling thread").isEmpty();
        assertThat(vm.messageProperty().get()).isEqualTo("Writing the PDF report of payday #3…");
        assertThat(vm.canExportProperty().get()).as("one export at a time").isFalse();
        tasks.runAll();
        assertThat(written).containsExactly("3 PDF " + file);
        assertThat(vm.messageProperty().get()).isEqualTo("Wrote the PDF report of payday #3 to " + file + ".");
        assertThat(vm.messageIsProblemProperty().get()).isFalse();
        assertThat(vm.canExportProperty().get()).isTrue();

        Path nowhere = Path.of("/missing/payday-3.csv");
        vm.export(PaydayReport.Format.CSV, nowhere);
        tasks.runAll();
        assertThat(vm.messageProperty().get()).isEqualTo("Could not write the CSV report of payday #3: cannot write"
                + " the report to /missing/payday-3.csv: the folder /missing does not exist");
        assertThat(vm.messageIsProblemProperty().get()).isTrue();
        assertThat(vm.canExportProperty().get()).isTrue();
        assertThat(written).hasSize(1);
    }
}
