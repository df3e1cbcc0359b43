package org.paydesk.ui.shell;

import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import org.paydesk.app.Paydesk;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.staff.Caller;
import org.paydesk.ui.accounts.AccountsViewModel;
import org.paydesk.ui.demo.DemoDataViewModel;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The main window for one signed-in staff member: the accounts screen, the demo-data offer and the
 * status bar's text and progress.
 */
public final class MainViewModel {

    private final Caller caller;
    private final ParticipantDirectory directory;
    private final TaskExecutor executor;
    private final Locale locale;
    private final String databaseDescription;
    private final AccountsViewModel accounts;
    private final DemoDataViewModel demo;
    private final ReadOnlyLongWrapper participantCount = new ReadOnlyLongWrapper(this, "participantCount", -1);
    private final StringBinding statusText;
    private final DoubleBinding progress;
    private final StringBinding progressMessage;

    public MainViewModel(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale) {
        this.caller = caller;
        this.directory = paydesk.participants();
        this.executor = executor;
        this.locale = locale;
        this.databaseDescription = paydesk.database().description();
        this.accounts = new AccountsViewModel(directory, executor, paydesk.settings().currency(), locale);
        this.demo = new DemoDataViewModel(directory, paydesk.demo()::generate, executor, this::dataChanged);
        accounts.busyMessageProperty().bind(Bindings.when(demo.runningProperty())
                .then(demo.messageProperty()).otherwise((String) null));
        statusText = Bindings.createStringBinding(this::describeStatus, participantCount);
        progress = Bindings.createDoubleBinding(this::currentProgress, demo.runningProperty(),
                demo.progressProperty(), accounts.loadingProperty());
        progressMessage = Bindings.createStringBinding(() -> demo.runningProperty().get() ? demo.messageProperty().get()
                : "", demo.runningProperty(), demo.messageProperty());
    }

    /** Loads the first page and the count, and offers demo data if the database is empty. */
    public void start() {
        accounts.search("");
        refreshCount();
        demo.checkEmpty();
    }

    private void dataChanged() {
        accounts.refresh();
        refreshCount();
    }

    void refreshCount() {
        executor.execute(BackgroundTask.of(p -> directory.approximateCount())
                .onSuccess(participantCount::set)
                .onFailure(e -> participantCount.set(-1)));
    }

    private String describeStatus() {
        long count = participantCount.get();
        return count < 0 ? databaseDescription
                : String.format(locale, "%s  ·  ~%,d participants", databaseDescription, count);
    }

    private double currentProgress() {
        if (demo.runningProperty().get()) {
            return demo.progressProperty().get();
        }
        // Indeterminate while a page loads, so a slow server is visible; idle shows no bar.
        return accounts.loadingProperty().get() ? -1 : 0;
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

    public AccountsViewModel accounts() {
        return accounts;
    }

    public DemoDataViewModel demo() {
        return demo;
    }

    public ReadOnlyLongProperty participantCountProperty() {
        return participantCount.getReadOnlyProperty();
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
