package org.paydesk.ui.payday.history;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.money.Money;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;
import org.paydesk.reports.PaydayReport;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The payday history: the latest paydays with their statistics (read off the FX thread), a chart
 * of their volumes or counts, and for the selected payday its phases' seconds and its error list,
 * a page at a time, with its report exported as CSV or PDF. Results that arrive after the user
 * moved on (another payday selected, a newer reload) are dropped by generation numbers.
 */
public final class PaydayHistoryViewModel {

    /** Ten years of weekly paydays: the whole history of any real platform, and still a small table. */
    public static final int PAYDAYS_SHOWN = 520;
    public static final int ERROR_PAGE = 200;

    /** Where the history is read: {@link Paydays#list(int)} and {@link Paydays#errors(long, long, int)}. */
    public interface History {
        List<Paydays.Summary> latest(int limit);

        Paydays.ErrorPage errors(long paydayId, long afterId, int limit);

        static History of(Paydays paydays) {
            return new History() {
                @Override
                public List<Paydays.Summary> latest(int limit) {
                    return paydays.list(limit);
                }

                @Override
                public Paydays.ErrorPage errors(long paydayId, long afterId, int limit) {
                    return paydays.errors(paydayId, afterId, limit);
                }
            };
        }
    }

    /** Writes one payday's report to a file, whole or not at all; a refusal or failure is thrown. */
    @FunctionalInterface
    public interface ReportWriter {
        void write(long paydayId, PaydayReport.Format format, Path file) throws Exception;
    }

    /** What the chart shows. */
    public enum ChartMode { VOLUMES, COUNTS }

    /** One line of the chart: a value per payday, oldest first. Money values are amounts of scale 2. */
    public record Series(String name, List<Point> points) {
    }

    /** One payday on the chart, with its value as the tooltip says it. */
    public record Point(long paydayId, Number value, String text) {
    }

    private final History history;
    private final ReportWriter reports;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final DateTimeFormatter times;
    private final DateTimeFormatter days;
    private final DateTimeFormatter shortDays;
    private final DateTimeFormatter clock;
    private final ZoneId zone;
    private final int errorPage;

    private final ObservableList<Paydays.Summary> rows = FXCollections.observableArrayList();
    private final ObservableList<PaydayError> errors = FXCollections.observableArrayList();
    private final ObservableList<Paydays.Summary> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<PaydayError> readOnlyErrors = FXCollections.unmodifiableObservableList(errors);
    private final ReadOnlyObjectWrapper<Paydays.Summary> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObjectProperty<ChartMode> chartMode = new SimpleObjectProperty<>(this, "chartMode", ChartMode.VOLUMES);
    private final ReadOnlyObjectWrapper<List<Series>> chart = new ReadOnlyObjectWrapper<>(this, "chart", List.of());
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Loading the paydays…");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper phases = new ReadOnlyStringWrapper(this, "phases", "");
    private final ReadOnlyStringWrapper errorsHeader = new ReadOnlyStringWrapper(this, "errorsHeader", "");
    private final ReadOnlyStringWrapper errorsPlaceholder = new ReadOnlyStringWrapper(this, "errorsPlaceholder",
            "Select a payday to read its errors.");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsProblem = new ReadOnlyBooleanWrapper(this, "messageIsProblem");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper loadingErrors = new ReadOnlyBooleanWrapper(this, "loadingErrors");
    private final ReadOnlyBooleanWrapper moreErrors = new ReadOnlyBooleanWrapper(this, "moreErrors");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    private final ReadOnlyBooleanWrapper canExport = new ReadOnlyBooleanWrapper(this, "canExport");

    private long generation;
    private long errorGeneration;
    private long errorsAfter;

    public PaydayHistoryViewModel(History history, ReportWriter reports, TaskExecutor executor, Currency currency,
                                  Locale locale, ZoneId zone) {
        this(history, reports, executor, currency, locale, zone, ERROR_PAGE);
    }

    PaydayHistoryViewModel(History history, ReportWriter reports, TaskExecutor executor, Currency currency,
                           Locale locale, ZoneId zone, int errorPage) {
        this.history = history;
        this.reports = reports;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        this.errorPage = errorPage;
        this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(zone);
        this.days = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
        this.clock = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).withZone(zone);
        String medium = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.MEDIUM, null,
                IsoChronology.INSTANCE, locale);
        // The day without its year, in the locale's order: "Mar 16" or "16 Mar".
        this.shortDays = DateTimeFormatter.ofPattern(medium.startsWith("M") ? "MMM d" : "d MMM", locale).withZone(zone);
        this.zone = zone;
        chartMode.addListener((o, old, now) -> chart.set(series()));
        selected.addListener((o, old, now) -> canExport.set(now != null && !exporting.get()));
        exporting.addListener((o, old, now) -> canExport.set(selected.get() != null && !now));
    }

    /** Reads the latest paydays again, keeping the selected one selected (the latest on a first load). */
    public void reload() {
        long ticket = ++generation;
        loading.set(true);
        executor.execute(BackgroundTask.of(p -> history.latest(PAYDAYS_SHOWN))
                .onSuccess(paydays -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    if (!paydays.equals(rows)) {
                        Paydays.Summary keep = selected.get();
                        rows.setAll(paydays);
                        chart.set(series());
                        reselect(keep);
                    }
                    placeholder.set(rows.isEmpty() ? "No payday has run yet. The payday console starts one;"
                            + " the demo data can bring a few past weeks." : "");
                })
                .onFailure(e -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    placeholder.set("Could not read the paydays: " + ErrorText.explain(e));
                    if (!rows.isEmpty()) {
                        problem("Could not read the paydays again: " + ErrorText.explain(e));
                    }
                }));
    }

    private void reselect(Paydays.Summary previous) {
        Paydays.Summary fresh = previous == null ? null
                : rows.stream().filter(r -> r.id() == previous.id()).findFirst().orElse(null);
        if (fresh == null && !rows.isEmpty()) {
            fresh = rows.get(0);
        }
        select(fresh);
    }

    /** Shows {@code payday}'s phases and reads the first page of its errors; null clears the detail. */
    public void select(Paydays.Summary payday) {
        Paydays.Summary before = selected.get();
        if (payday != null && payday.equals(before)) {
            return;
        }
        selected.set(payday);
        if (payday == null) {
            ++errorGeneration;
            errors.clear();
            summary.set("");
            phases.set("");
            errorsHeader.set("");
            moreErrors.set(false);
            loadingErrors.set(false);
            errorsPlaceholder.set(rows.isEmpty() ? "" : "Select a payday to read its errors.");
            return;
        }
        summary.set(describe(payday));
        phases.set(phasesText(payday.stats().phases()));
        errorsHeader.set(errorsText(payday, 0, false));
        errors.clear();
        errorsAfter = 0;
        moreErrors.set(false);
        errorsPlaceholder.set(payday.stats().errors() == 0 && !payday.open() ? "No errors in this payday."
                : "Reading the errors…");
        loadErrors(++errorGeneration, payday);
    }

    /** The next page of the selected payday's errors, if there is one and none is being read. */
    public void loadMoreErrors() {
        Paydays.Summary payday = selected.get();
        if (payday == null || loadingErrors.get() || !moreErrors.get()) {
            return;
        }
        loadErrors(errorGeneration, payday);
    }

    private void loadErrors(long ticket, Paydays.Summary payday) {
        long after = errorsAfter;
        loadingErrors.set(true);
        executor.execute(BackgroundTask.of(p -> history.errors(payday.id(), after, errorPage))
                .onSuccess(page -> {
                    if (ticket != errorGeneration) {
                        return;
                    }
                    loadingErrors.set(false);
                    errors.addAll(page.errors());
                    errorsAfter = page.lastId();
                    moreErrors.set(page.more());
                    errorsHeader.set(errorsText(payday, errors.size(), page.more()));
                    errorsPlaceholder.set("No errors in this payday.");
                })
                .onFailure(e -> {
                    if (ticket != errorGeneration) {
                        return;
                    }
                    loadingErrors.set(false);
                    errorsPlaceholder.set("Could not read the errors: " + ErrorText.explain(e));
                }));
    }

    /** Writes the selected payday's report in {@code format} to {@code file}, off the FX thread. */
    public void export(PaydayReport.Format format, Path file) {
        Paydays.Summary payday = selected.get();
        if (payday == null || file == null || exporting.get()) {
            return;
        }
        String what = "the " + format.name() + " report of payday #" + payday.id();
        exporting.set(true);
        say("Writing " + what + "…");
        executor.execute(BackgroundTask.of(p -> {
            reports.write(payday.id(), format, file);
            return file;
        }).onSuccess(written -> {
            exporting.set(false);
            say("Wrote " + what + " to " + written + ".");
        }).onFailure(e -> {
            exporting.set(false);
            problem("Could not write " + what + ": " + ErrorText.explain(e));
        }));
    }

    /** The file name the save dialog suggests for the selected payday's report. */
    public String suggestedFileName(PaydayReport.Format format) {
        Paydays.Summary payday = selected.get();
        return "payday-" + (payday == null ? "report" : Long.toString(payday.id())) + "." + format.extension();
    }

    private void say(String text) {
        messageIsProblem.set(false);
        message.set(text);
    }

    private void problem(String text) {
        messageIsProblem.set(true);
        message.set(text);
    }

    private String describe(Paydays.Summary p) {
        StringBuilder text = new StringBuilder("Payday #").append(p.id()).append(" · started ").append(time(p.tsStart()))
                .append(" by ").append(p.startedBy());
        if (p.forced()) {
            text.append(" (forced)");
        }
        text.append(p.open() ? " · open, in " + phaseName(p.phase().key()).toLowerCase(locale) : " · took " + duration(p));
        return text.toString();
    }

    private String errorsText(Paydays.Summary p, int shown, boolean more) {
        long total = p.stats().errors();
        if (total == 0 && shown == 0) {
            return "Errors: none";
        }
        if (more || shown < total) {
            return "Errors: " + count(shown) + " of " + count(Math.max(total, shown)) + " shown"
                    + (more ? ", scroll for more" : "");
        }
        return "Errors: " + count(shown);
    }

    /** "Start 0.1 s · Refunds 0.0 s · Pay-in 12.3 s · …" in the phases' order. */
    String phasesText(Map<String, Double> seconds) {
        if (seconds.isEmpty()) {
            return "Seconds per phase: none recorded yet";
        }
        return "Seconds per phase:  " + seconds.entrySet().stream()
                .map(e -> phaseName(e.getKey()) + " " + String.format(locale, "%,.1f s", e.getValue()))
                .collect(Collectors.joining("  ·  "));
    }

    static String phaseName(String key) {
        return switch (key) {
            case "start" -> "Start";
            case "refunds" -> "Refunds";
            case "payin" -> "Pay-in";
            case "settle" -> "Settle";
            case "payout" -> "Pay-out";
            case "checks" -> "Checks";
            case "done" -> "Done";
            default -> key;
        };
    }

    private List<Series> series() {
        List<Paydays.Summary> oldestFirst = new ArrayList<>(rows);
        java.util.Collections.reverse(oldestFirst);
        if (chartMode.get() == ChartMode.VOLUMES) {
            return List.of(moneySeries("Charged", oldestFirst, PaydayStats::chargeVolume),
                    moneySeries("Transferred", oldestFirst, PaydayStats::transferVolume),
                    moneySeries("Paid out", oldestFirst, PaydayStats::payoutVolume));
        }
        return List.of(countSeries("Charges", oldestFirst, PaydayStats::charges),
                countSeries("Transfers", oldestFirst, PaydayStats::transfers),
                countSeries("Payouts", oldestFirst, PaydayStats::payouts),
                countSeries("Errors", oldestFirst, PaydayStats::errors));
    }

    private Series moneySeries(String name, List<Paydays.Summary> paydays, Function<PaydayStats, BigDecimal> value) {
        return new Series(name, paydays.stream().map(p -> {
            BigDecimal amount = value.apply(p.stats());
            return new Point(p.id(), amount, pointText(p, name.toLowerCase(locale) + " " + money(amount)));
        }).toList());
    }

    private Series countSeries(String name, List<Paydays.Summary> paydays, Function<PaydayStats, Long> value) {
        return new Series(name, paydays.stream().map(p -> {
            long n = value.apply(p.stats());
            return new Point(p.id(), n, pointText(p, count(n) + " " + name.toLowerCase(locale)));
        }).toList());
    }

    private String pointText(Paydays.Summary p, String value) {
        return "Payday #" + p.id() + " (" + day(p.tsStart()) + "): " + value;
    }

    /** The label under payday {@code id} on the chart's axis: its number and day. */
    public String axisLabel(long id) {
        return rows.stream().filter(r -> r.id() == id).findFirst()
                .map(r -> "#" + id + " " + shortDays.format(r.tsStart())).orElse("");
    }

    /** When a payday ended: the time alone when that was the day it started. */
    public String ended(Paydays.Summary p) {
        if (p.tsEnd() == null) {
            return "";
        }
        boolean sameDay = p.tsStart().atZone(zone).toLocalDate().equals(p.tsEnd().atZone(zone).toLocalDate());
        return sameDay ? clock.format(p.tsEnd()) : time(p.tsEnd());
    }

    /** When an error happened: the time alone on the day the selected payday started. */
    public String errorTime(PaydayError e) {
        Paydays.Summary payday = selected.get();
        boolean sameDay = payday != null
                && payday.tsStart().atZone(zone).toLocalDate().equals(e.at().atZone(zone).toLocalDate());
        return sameDay ? clock.format(e.at()) : time(e.at());
    }

    /** An error's message on one line, as a table row shows it (the tooltip has it whole). */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** How long a payday took ("4 min 05 s"), or "running" while it is open. */
    public String duration(Paydays.Summary p) {
        if (p.open()) {
            return "running";
        }
        long seconds = Duration.between(p.tsStart(), p.tsEnd()).toSeconds();
        if (seconds < 1) {
            return "< 1 s";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(locale, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(locale, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** "Done", "Done, forced", or "Open: pay-in" for the payday still running. */
    public String state(Paydays.Summary p) {
        String state = p.open() ? "Open: " + phaseName(p.phase().key()).toLowerCase(locale) : "Done";
        return p.forced() ? state + ", forced" : state;
    }

    public String money(BigDecimal amount) {
        return amount == null ? "" : Money.format(amount, currency, locale);
    }

    public String count(long n) {
        return String.format(locale, "%,d", n);
    }

    public String time(Instant instant) {
        return instant == null ? "" : times.format(instant);
    }

    public String day(Instant instant) {
        return instant == null ? "" : days.format(instant);
    }

    public Currency currency() {
        return currency;
    }

    public Locale locale() {
        return locale;
    }

    /** The latest paydays first. */
    public ObservableList<Paydays.Summary> rows() {
        return readOnlyRows;
    }

    /** The selected payday's errors read so far, oldest first. */
    public ObservableList<PaydayError> errors() {
        return readOnlyErrors;
    }

    public ReadOnlyObjectProperty<Paydays.Summary> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObjectProperty<ChartMode> chartModeProperty() {
        return chartMode;
    }

    /** The chart's lines for the paydays shown, oldest first, in the current mode. */
    public ReadOnlyObjectProperty<List<Series>> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** The selected payday in one line: when, by whom, how long. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty phasesProperty() {
        return phases.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorsHeaderProperty() {
        return errorsHeader.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorsPlaceholderProperty() {
        return errorsPlaceholder.getReadOnlyProperty();
    }

    /** The outcome of the last export (or a failed reload), in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsProblemProperty() {
        return messageIsProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingErrorsProperty() {
        return loadingErrors.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty moreErrorsProperty() {
        return moreErrors.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canExportProperty() {
        return canExport.getReadOnlyProperty();
    }
}
