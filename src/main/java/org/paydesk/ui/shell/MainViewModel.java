package org.paydesk.ui.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.paydesk.processor.ProcessorLock.HolderInfo;
import org.paydesk.staff.Caller;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.demo.DemoDataViewModel;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.Cancellable;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The main window for one signed-in staff member: the navigation, who is signed in, the processor
 * lock, the participant count and the demo-data offer. {@link #refreshStatus()} reads the database
 * again (the view calls it every few seconds), so the count, the lock and the "Load demo data…"
 * offer follow the database rather than the state at start-up.
 */
public final class MainViewModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Caller caller;
    private final String databaseDescription;
    private final DeskStatus.Source statusSource;
    private final DemoDataViewModel demo;
    private final Navigation navigation;
    private final TaskExecutor executor;
    private final Locale locale;
    private final ZoneId zone;
    private final Runnable signOut;
    private final ThemeChoice theme;
    private final Notices notices;

    private final ReadOnlyLongWrapper participantCount = new ReadOnlyLongWrapper(this, "participantCount", -1);
    private final ReadOnlyStringWrapper lockText = new ReadOnlyStringWrapper(this, "lockText", "Processor: checking…");
    private final ReadOnlyStringWrapper statusProblem = new ReadOnlyStringWrapper(this, "statusProblem");
    private final StringBinding statusText;
    private final DoubleBinding progress;
    private final StringBinding progressMessage;
    private Cancellable statusRead = Cancellable.DONE;
    private boolean statusReading;

    public MainViewModel(Caller caller, String databaseDescription, DeskStatus.Source statusSource,
                         DemoDataViewModel demo, Navigation navigation, TaskExecutor executor, Locale locale,
                         ZoneId zone, Runnable signOut) {
        this(caller, databaseDescription, statusSource, demo, navigation, executor, locale, zone, signOut,
                new ThemeChoice(org.paydesk.staff.Appearance.LIGHT, chosen -> { }, chosen -> { }, executor), new Notices());
    }

    /**
     * @param theme   the signed-in staff member's theme, switched from the window
     * @param notices where the screens post what background work ended with; the window shows them
     */
    public MainViewModel(Caller caller, String databaseDescription, DeskStatus.Source statusSource,
                         DemoDataViewModel demo, Navigation navigation, TaskExecutor executor, Locale locale,
                         ZoneId zone, Runnable signOut, ThemeChoice theme, Notices notices) {
        this.theme = Objects.requireNonNull(theme);
        this.notices = Objects.requireNonNull(notices);
        this.caller = Objects.requireNonNull(caller);
        this.databaseDescription = databaseDescription;
        this.statusSource = statusSource;
        this.demo = demo;
        this.navigation = navigation;
        this.executor = executor;
        this.locale = locale;
        this.zone = zone;
        this.signOut = signOut;
        statusText = Bindings.createStringBinding(this::describeStatus, participantCount, statusProblem);
        progress = Bindings.createDoubleBinding(this::currentProgress, demo.runningProperty(), demo.progressProperty());
        progressMessage = Bindings.createStringBinding(() -> demo.runningProperty().get() ? demo.messageProperty().get()
                : "", demo.runningProperty(), demo.messageProperty());
    }

    /** Reads the status and offers demo data if the database is empty. */
    public void start() {
        refreshStatus();
        demo.checkEmpty();
    }

    /**
     * Reads the participant count and the processor holder again, off the UI thread. A read still
     * on its way is not doubled: a slow database gets one question at a time.
     */
    public void refreshStatus() {
        if (statusReading) {
            return;
        }
        statusReading = true;
        statusRead = executor.execute(BackgroundTask.of(p -> statusSource.read())
                .onSuccess(status -> {
                    statusReading = false;
                    statusProblem.set(null);
                    participantCount.set(status.participants());
                    demo.databaseSeen(status.participants() == 0);
                    lockText.set(status.processorHolder().map(this::describeHolder).orElse("Processor: free"));
                })
                .onFailure(e -> {
                    statusReading = false;
                    statusProblem.set(ErrorText.explain(e));
                    lockText.set("Processor: unknown (the database did not answer)");
                }));
    }

    /** Stops a status read on its way; the window is closing. */
    public void stop() {
        statusRead.cancel();
        statusReading = false;
    }

    public void signOut() {
        stop();
        signOut.run();
    }

    private String describeHolder(HolderInfo holder) {
        return "Processor: " + holder.purpose() + " by " + holder.staffName() + " on " + holder.workstation()
                + " since " + time(holder.startedAt()) + ", last heartbeat " + time(holder.heartbeatAt());
    }

    private String time(Instant instant) {
        return instant == null ? "?" : TIME.withLocale(locale).format(instant.atZone(zone));
    }

    private String describeStatus() {
        if (statusProblem.get() != null) {
            return databaseDescription + "  ·  " + statusProblem.get();
        }
        long count = participantCount.get();
        return count < 0 ? databaseDescription
                : String.format(locale, "%s  ·  ~%,d participants", databaseDescription, count);
    }

    private double currentProgress() {
        return demo.runningProperty().get() ? demo.progressProperty().get() : 0;
    }

    /** Who the services act for in this window; held here, never in static state. */
    public Caller caller() {
        return caller;
    }

    /** "Signed in as cleo (CLERK)": who is at the desk and what they may do. */
    public String signedInText() {
        String roles = caller.roles().stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
        return "Signed in as " + caller.username() + " (" + (roles.isEmpty() ? "no roles" : roles) + ")";
    }

    public ThemeChoice theme() {
        return theme;
    }

    public Notices notices() {
        return notices;
    }

    public Navigation navigation() {
        return navigation;
    }

    public DemoDataViewModel demo() {
        return demo;
    }

    public ReadOnlyLongProperty participantCountProperty() {
        return participantCount.getReadOnlyProperty();
    }

    /** Who holds the processor (payday or queue run), on which workstation, since when; or that it is free. */
    public ReadOnlyStringProperty lockText() {
        return lockText.getReadOnlyProperty();
    }

    /** The database and the approximate number of participants. */
    public StringBinding statusText() {
        return statusText;
    }

    /** Background progress for the status bar: 0 idle, -1 busy without a measure, else 0 to 1. */
    public DoubleBinding progress() {
        return progress;
    }

    /** What the background work is doing, empty when idle. */
    public StringBinding progressMessage() {
        return progressMessage;
    }
}
