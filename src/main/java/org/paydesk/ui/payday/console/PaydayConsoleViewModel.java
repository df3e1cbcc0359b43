package org.paydesk.ui.payday.console;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayCounters;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayMonitor;
import org.paydesk.payday.PaydayProgress;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;
import org.paydesk.payday.Phase;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The payday console's state: the open payday's phases, progress, counters and errors, whether it
 * runs here, elsewhere or nowhere, and what the operator may do (launch, resume, cancel).
 *
 * <p>Two sources feed it. {@link #refresh()} reads the database (the view calls it every second):
 * that is how a run launched on another workstation or from the command line shows, and where the
 * errors always come from. A run launched here also reports through the engine's listener, on the
 * run's thread; the listener only stores the latest event, and {@link #pulse()} (called by the view
 * once per frame) applies it, so the FX thread sees at most one update per frame however fast the
 * engine goes.
 */
public final class PaydayConsoleViewModel {

    /** How many error rows the console keeps; the history screen and the report have them all. */
    public static final int MAX_ERRORS_SHOWN = 5_000;
    private static final int ERROR_PAGE = 1_000;
    /** A run's heartbeat older than this means it is probably gone; the lock's own expiry decides. */
    private static final Duration SILENT = Duration.ofSeconds(30);

    /** One line of the phase list. */
    public record PhaseLine(Phase phase, String name, State state, String seconds) {
        public enum State { DONE, CURRENT, WAITING }
    }

    /** One live counter: a label and its value. */
    public record Counter(String label, String value) {
    }

    /** What the console is showing. */
    public enum Mode { IDLE, OPEN, RUNNING_HERE, RUNNING_ELSEWHERE }

    private final PaydayConsoleSource source;
    private final PaydayLauncher launcher;
    private final Caller caller;
    private final TaskExecutor executor;
    private final NumberFormat money;
    private final NumberFormat count;
    private final DateTimeFormatter time;

    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "Reading the payday…");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper errorsNote = new ReadOnlyStringWrapper(this, "errorsNote", "");
    private final ReadOnlyBooleanWrapper canLaunch = new ReadOnlyBooleanWrapper(this, "canLaunch", false);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel", false);
    private final ReadOnlyStringWrapper launchText = new ReadOnlyStringWrapper(this, "launchText", "Launch payday…");
    private final ObservableList<PhaseLine> phases = FXCollections.observableArrayList();
    private final ObservableList<Counter> counters = FXCollections.observableArrayList();
    private final ObservableList<PaydayError> errors = FXCollections.observableArrayList();

    private final AtomicReference<PaydayProgress> latest = new AtomicReference<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private Mode mode = Mode.IDLE;
    private boolean runningHere;
    private PaydayProgress shown;
    private long errorsOf = -1;
    private long lastErrorId;
    private long errorCount;
    private Map<Phase, Double> phaseSeconds = Map.of();
    private long generation;
    private boolean reading;
    private java.util.function.Consumer<RunEnded> onRunEnded = ended -> { };

    /** How a run launched from this console ended, and the console's words for it. */
    public record RunEnded(Ending ending, String text) {
        public enum Ending { FINISHED, CANCELLED, NOT_STARTED, FAILED }
    }

    public PaydayConsoleViewModel(PaydayConsoleSource source, PaydayLauncher launcher, Caller caller,
                                  TaskExecutor executor, Currency currency, Locale locale, ZoneId zone) {
        this.source = source;
        this.launcher = launcher;
        this.caller = caller;
        this.executor = executor;
        this.money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(currency);
        this.count = NumberFormat.getIntegerInstance(locale);
        this.time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
        showPhases(null, Map.of());
        showCounters(null);
    }

    /** Whether the signed-in staff member may launch, resume and cancel paydays. */
    public boolean isOperator() {
        return caller.roles().contains(Role.OPERATOR);
    }

    // ---- reading the database ------------------------------------------------------------------

    private record Reading(Optional<PaydayMonitor.OpenRun> run, Optional<ProcessorLock.HolderInfo> holder,
                           Paydays.ErrorPage newErrors, long errorsOf, boolean restart,
                           Optional<Paydays.Summary> latest, Map<Phase, Double> latestSeconds) {
    }

    /** Reads where the open payday is (every second while the console is shown). */
    public void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        long ticket = ++generation;
        long knownPayday = errorsOf;
        long after = lastErrorId;
        executor.execute(BackgroundTask.of(p -> read(knownPayday, after))
                .onSuccess(reading -> {
                    this.reading = false;
                    if (ticket == generation) {
                        apply(reading);
                    }
                })
                .onFailure(error -> {
                    this.reading = false;
                    message.set("Cannot read the payday: " + ErrorText.explain(error));
                }));
    }

    private Reading read(long knownPayday, long after) {
        Optional<PaydayMonitor.OpenRun> run = source.openRun();
        Optional<ProcessorLock.HolderInfo> holder = source.processorHolder();
        if (run.isPresent()) {
            long id = run.get().paydayId();
            boolean restart = id != knownPayday;
            Paydays.ErrorPage found = source.errorsAfter(id, restart ? 0 : after, ERROR_PAGE);
            return new Reading(run, holder, found, id, restart, Optional.empty(), Map.of());
        }
        Optional<Paydays.Summary> latest = source.latest();
        Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
        latest.ifPresent(s -> s.stats().phases().forEach((key, value) -> seconds.put(Phase.valueOf(
                key.toUpperCase(Locale.ROOT)), value)));
        long id = latest.map(Paydays.Summary::id).orElse(-1L);
        boolean restart = id != knownPayday;
        Paydays.ErrorPage found = latest.isPresent()
                ? source.errorsAfter(id, restart ? 0 : after, ERROR_PAGE) : new Paydays.ErrorPage(List.of(), 0, false);
        return new Reading(run, holder, found, id, restart, latest, seconds);
    }

    private void apply(Reading reading) {
        if (reading.restart()) {
            errors.clear();
            errorCount = 0;
            lastErrorId = 0;
        }
        errorsOf = reading.errorsOf();
        addErrors(reading.newErrors());
        if (reading.run().isPresent()) {
            PaydayMonitor.OpenRun run = reading.run().get();
            phaseSeconds = run.phaseSeconds();
            boolean heldByPayday = reading.holder().filter(h -> "Payday".equals(h.purpose())).isPresent();
            mode = runningHere ? Mode.RUNNING_HERE : heldByPayday ? Mode.RUNNING_ELSEWHERE : Mode.OPEN;
            headline.set("Payday #" + run.paydayId() + switch (mode) {
                case RUNNING_HERE -> " is running from this console";
                case RUNNING_ELSEWHERE -> " is running on " + reading.holder().get().workstation()
                        + " (" + reading.holder().get().staffName() + ")";
                default -> " is open: it stopped in " + phaseName(run.progress().phase()) + " and can be resumed";
            });
            detail.set("Started " + time.format(run.tsStart()) + " by " + run.startedBy()
                    + (run.updatedAt() == null ? "" : "; last progress " + time.format(run.updatedAt()))
                    + reading.holder().filter(h -> "Payday".equals(h.purpose()) && mode == Mode.RUNNING_ELSEWHERE)
                            .map(h -> "; heartbeat " + time.format(h.heartbeatAt())
                                    + (h.heartbeatAt().isBefore(Instant.now().minus(SILENT)) ? " (silent)" : ""))
                            .orElse(""));
            if (!runningHere) {
                showProgress(run.progress());
            }
        } else {
            mode = runningHere ? Mode.RUNNING_HERE : Mode.IDLE;
            phaseSeconds = reading.latestSeconds();
            if (!runningHere) {
                Optional<Paydays.Summary> last = reading.latest();
                headline.set(last.map(s -> "No payday is running. The last one, #" + s.id() + ", ended "
                        + time.format(s.tsEnd())).orElse("No payday has run yet"));
                detail.set(last.map(s -> (s.forced() ? "Forced; started " : "Started ") + time.format(s.tsStart())
                        + " by " + s.startedBy()).orElse("Launch the first one when the platform is ready."));
                last.ifPresentOrElse(s -> showFinished(s.stats()), () -> {
                    showPhases(null, Map.of());
                    showCounters(null);
                    progress.set(0);
                    progressText.set("");
                });
            }
        }
        if (reading.holder().isPresent() && !"Payday".equals(reading.holder().get().purpose()) && !runningHere) {
            detail.set(detail.get() + "; the processor is busy: " + reading.holder().get().describe());
        }
        updateActions();
    }

    private void addErrors(Paydays.ErrorPage found) {
        if (found.errors().isEmpty()) {
            updateErrorsNote();
            return;
        }
        lastErrorId = found.lastId();
        errorCount += found.errors().size();
        errors.addAll(found.errors());
        if (errors.size() > MAX_ERRORS_SHOWN) {
            errors.remove(0, errors.size() - MAX_ERRORS_SHOWN);
        }
        updateErrorsNote();
    }

    private void updateErrorsNote() {
        if (errorCount == 0) {
            errorsNote.set("No errors");
        } else if (errorCount > errors.size()) {
            errorsNote.set("Errors: the latest " + count.format(errors.size()) + " of " + count.format(errorCount));
        } else {
            errorsNote.set("Errors: " + count.format(errorCount));
        }
    }

    // ---- a run launched here ---------------------------------------------------------------------

    /** What the operator is asked before a run starts: the text, and the refusal that forcing would override. */
    public record Confirmation(String text, String refusal) {
    }

    /**
     * Prepares the operator's confirmation: for a new payday, with the preview of what it will do
     * (computed in the background); {@code show} receives it on the UI thread.
     */
    public void prepareLaunch(java.util.function.Consumer<Confirmation> show) {
        if (!canLaunch.get()) {
            return;
        }
        if (mode == Mode.OPEN) {
            show.accept(new Confirmation(confirmation(), null));
            return;
        }
        message.set("Computing the preview of the payday…");
        canLaunch.set(false);
        executor.execute(BackgroundTask.of(p -> source.preview())
                .onSuccess(preview -> {
                    message.set("");
                    updateActions();
                    show.accept(new Confirmation(confirmation() + "\n\n" + String.join("\n", preview.lines()),
                            preview.refusal()));
                })
                .onFailure(error -> {
                    message.set("Cannot compute the preview: " + ErrorText.explain(error));
                    updateActions();
                }));
    }

    /** The confirmation's first paragraph. */
    public String confirmation() {
        return mode == Mode.OPEN
                ? "Resume the open payday where it stopped? It finishes the charges, transfers and payouts"
                + " that remain. You can cancel it between batches; it stays open and resumable."
                : "Launch the payday now? It charges cards, moves the tips and pays creators out to their banks."
                + " You can cancel it between batches; it stays open and can be resumed.";
    }

    /** Launches (or resumes) the payday here; the operator has confirmed. */
    public void launch() {
        launch(false);
    }

    /** As {@link #launch()}; {@code force} overrides the days-between-paydays rule (audited). */
    public void launch(boolean force) {
        if (!canLaunch.get()) {
            return;
        }
        runningHere = true;
        cancelRequested.set(false);
        latest.set(null);
        mode = Mode.RUNNING_HERE;
        message.set("");
        headline.set("Starting the payday…");
        updateActions();
        launcher.launch(force, new PaydayListener() {
            @Override
            public void progress(PaydayProgress p) {
                latest.set(p);
            }
        }, cancelRequested::get, this::finished, this::failed);
    }

    /** Asks the run to stop after its current batch; the payday stays open. */
    public void cancel() {
        if (runningHere && cancelRequested.compareAndSet(false, true)) {
            message.set("Cancelling: the run stops after its current batch…");
            updateActions();
        }
    }

    /** Once per frame: shows the latest event of a run launched here, if there is a new one. */
    public void pulse() {
        PaydayProgress p = latest.get();
        if (p != null && p != shown && runningHere) {
            if (errorsOf != p.paydayId()) {
                errorsOf = p.paydayId();
                errors.clear();
                errorCount = 0;
                lastErrorId = 0;
                updateErrorsNote();
            }
            headline.set("Payday #" + p.paydayId() + " is running from this console");
            showProgress(p);
        }
    }

    private void finished(PaydayStats stats) {
        runningHere = false;
        message.set("Payday #" + stats.id() + " finished: " + count.format(stats.charges()) + " charges, "
                + count.format(stats.transfers()) + " transfers, " + count.format(stats.payouts()) + " payouts, "
                + count.format(stats.errors()) + (stats.errors() == 1 ? " error." : " errors."));
        mode = Mode.IDLE;
        updateActions();
        onRunEnded.accept(new RunEnded(RunEnded.Ending.FINISHED, message.get()));
        refresh();
    }

    /** Runs {@code hook} on the UI thread each time a run launched here ends: finished, cancelled, refused or failed. */
    public void setOnRunEnded(java.util.function.Consumer<RunEnded> hook) {
        this.onRunEnded = java.util.Objects.requireNonNull(hook);
    }

    private void failed(Throwable error) {
        runningHere = false;
        PaydayProgress last = latest.get();
        if (error instanceof PaydayCancelledException) {
            message.set("Cancelled. " + (last == null ? "The payday" : "Payday #" + last.paydayId())
                    + " stays open; resume it from here when you are ready.");
        } else if (error instanceof PaydayRefusedException) {
            message.set("Not started: " + error.getMessage());
        } else if (error instanceof ProcessorBusyException busy) {
            message.set("Not started: the processor is busy: " + busy.holder().describe());
        } else {
            String why = ErrorText.explain(error);
            message.set("The payday stopped: " + why + (why.endsWith(".") ? "" : ".")
                    + " It stays open; resume it from here.");
        }
        mode = Mode.IDLE;
        updateActions();
        onRunEnded.accept(new RunEnded(error instanceof PaydayCancelledException ? RunEnded.Ending.CANCELLED
                : error instanceof PaydayRefusedException || error instanceof ProcessorBusyException
                ? RunEnded.Ending.NOT_STARTED : RunEnded.Ending.FAILED, message.get()));
        refresh();
    }

    // ---- showing ---------------------------------------------------------------------------------

    private void showProgress(PaydayProgress p) {
        shown = p;
        showPhases(p.phase(), phaseSeconds);
        showCounters(p.counters());
        if (p.total() > 0) {
            progress.set(p.fraction());
            progressText.set(phaseName(p.phase()) + ": " + count.format(p.done()) + " of " + count.format(p.total())
                    + (p.ratePerSecond() > 0 ? ", " + count.format(Math.round(p.ratePerSecond())) + " a second" : "")
                    + (p.eta() != null && p.done() < p.total() ? ", about " + duration(p.eta()) + " left" : ""));
        } else {
            progress.set(-1);
            progressText.set(phaseName(p.phase()) + "…");
        }
    }

    private void showFinished(PaydayStats stats) {
        showPhases(Phase.DONE, phaseSeconds);
        showCounters(new PaydayCounters.Snapshot(stats.charges(), stats.chargeVolume(), stats.cardsFailing(),
                stats.cardsMissing(), stats.transfers(), stats.transferVolume(), stats.owedCreated(), stats.payouts(),
                stats.payoutVolume(), stats.payoutsFailing(), stats.errors()));
        progress.set(1);
        progressText.set("Finished");
    }

    private void showPhases(Phase current, Map<Phase, Double> seconds) {
        List<PhaseLine> lines = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            if (phase == Phase.DONE) {
                continue;
            }
            PhaseLine.State state = current == null ? PhaseLine.State.WAITING
                    : phase.ordinal() < current.ordinal() ? PhaseLine.State.DONE
                    : phase == current ? PhaseLine.State.CURRENT : PhaseLine.State.WAITING;
            Double s = seconds.get(phase);
            lines.add(new PhaseLine(phase, phaseName(phase), state,
                    s == null || state == PhaseLine.State.WAITING ? "" : String.format(Locale.ROOT, "%.1f s", s)));
        }
        phases.setAll(lines);
    }

    private void showCounters(PaydayCounters.Snapshot c) {
        if (c == null) {
            c = new PaydayCounters.Snapshot(0, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, 0, 0);
        }
        counters.setAll(
                new Counter("Charges", count.format(c.charges()) + " · " + money.format(c.chargeVolume())),
                new Counter("Declined cards", count.format(c.cardsFailing())),
                new Counter("Short, no card", count.format(c.cardsMissing())),
                new Counter("Transfers", count.format(c.transfers()) + " · " + money.format(c.transferVolume())),
                new Counter("Owed amounts created", count.format(c.owedCreated())),
                new Counter("Payouts", count.format(c.payouts()) + " · " + money.format(c.payoutVolume())),
                new Counter("Payouts failed", count.format(c.payoutsFailing())),
                new Counter("Errors", count.format(c.errors())));
    }

    private void updateActions() {
        boolean operator = isOperator();
        canLaunch.set(operator && !runningHere && (mode == Mode.IDLE || mode == Mode.OPEN));
        canCancel.set(runningHere && !cancelRequested.get());
        launchText.set(mode == Mode.OPEN ? "Resume payday…" : "Launch payday…");
    }

    public static String phaseName(Phase phase) {
        return switch (phase) {
            case START -> "Snapshot";
            case REFUNDS -> "Refunds";
            case PAYIN -> "Pay-in";
            case SETTLE -> "Settle";
            case PAYOUT -> "Payout";
            case CHECKS -> "Checks";
            case DONE -> "Done";
        };
    }

    static String duration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** The error's time as the console shows it. */
    public String time(Instant at) {
        return time.format(at);
    }

    public Mode mode() {
        return mode;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorsNoteProperty() {
        return errorsNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canLaunchProperty() {
        return canLaunch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty launchTextProperty() {
        return launchText.getReadOnlyProperty();
    }

    public ObservableList<PhaseLine> phases() {
        return phases;
    }

    public ObservableList<Counter> counters() {
        return counters;
    }

    public ObservableList<PaydayError> errors() {
        return errors;
    }
}
