package org.paydesk.ui;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.paydesk.app.Paydesk;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.queue.QueueSweeper;
import org.paydesk.staff.Appearance;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.shell.MainWindow;
import org.paydesk.ui.signin.CredentialsView;
import org.paydesk.ui.signin.CredentialsWindow;
import org.paydesk.ui.signin.FirstAdminView;
import org.paydesk.ui.signin.FirstAdminViewModel;
import org.paydesk.ui.signin.SignInView;
import org.paydesk.ui.signin.SignInViewModel;
import org.paydesk.ui.task.FxTaskExecutor;
import org.paydesk.ui.task.TaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the desktop client from a plain launcher. The database (embedded server, Flyway) starts on
 * its own thread while the toolkit starts, and the sign-in window is shown at once: a name and
 * password can be typed while the database opens, and a sign-in asked for early waits for it. On
 * a database without staff the window becomes the first administrator's form once that is known.
 * Everything else (Hibernate, the screens) is built when first needed. Cancelling the sign-in or
 * closing the main window closes the database and ends the process.
 */
public final class DesktopApp {

    private static final Logger log = LoggerFactory.getLogger(DesktopApp.class);
    private static final int FAILED = 1;
    private static final String THEME_KEY = "theme";

    private final DatabaseConfig config;
    private final DesktopPreferences preferences;
    private final StartupTimeline timeline;
    private final CompletableFuture<Opened> opening;
    private final TaskExecutor executor = new FxTaskExecutor();
    /** Each signed-in staff member's theme, read in the sign-in's own background task. */
    private final Map<Long, Appearance> appearances = new ConcurrentHashMap<>();
    private final StringProperty databaseStatus = new SimpleStringProperty(
            "Opening the database… You can sign in meanwhile.");

    private static final java.time.Duration QUEUE_SWEEP = java.time.Duration.ofSeconds(30);
    private QueueSweeper sweeper;

    /** The open database, and whether it still needs its first administrator (asked in the same background work). */
    private record Opened(Paydesk paydesk, boolean needsFirstAdmin) {
    }

    private DesktopApp(DatabaseConfig config, DesktopPreferences preferences, StartupTimeline timeline,
                       CompletableFuture<Opened> opening) {
        this.config = config;
        this.preferences = preferences;
        this.timeline = timeline;
        this.opening = opening;
    }

    /** Returns once the toolkit runs; the FX thread keeps the process alive until the window closes. */
    public static void start(DatabaseConfig config) {
        start(config, DesktopPreferences.inMemory());
    }

    /** As above; {@code preferences} is where this workstation remembers the window's place and the last theme. */
    public static void start(DatabaseConfig config, DesktopPreferences preferences) {
        StartupTimeline timeline = new StartupTimeline();
        timeline.mark("desktop_start_ms");
        // Windows come and go during start-up; the process ends only through exit().
        Platform.setImplicitExit(false);
        CompletableFuture<Void> windowShown = new CompletableFuture<>();
        CompletableFuture<Opened> opening = openInBackground(config, timeline, windowShown);
        try {
            Platform.startup(() -> new DesktopApp(config, preferences, timeline, opening).open(windowShown));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // No window will ever use the database: stop the embedded server it may be starting.
            try {
                opening.thenAccept(opened -> opened.paydesk().close()).get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Failing to open or to close: the message below is what matters.
            }
            throw new IllegalStateException("cannot start the desktop client (" + e.getMessage()
                    + "); it needs a graphical display. Headless commands work anywhere: see --help.", e);
        }
    }

    /** Starts the embedded server, migrates the schema and asks whether staff exist, while the toolkit starts. */
    private static CompletableFuture<Opened> openInBackground(DatabaseConfig config, StartupTimeline timeline,
                                                              CompletableFuture<Void> windowShown) {
        CompletableFuture<Opened> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                // Two cores: the first window's style pass would share them with Flyway's start.
                // The window comes first; the database right after (or after 1.5 s at the latest).
                try {
                    windowShown.get(1500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException late) {
                    // Start anyway.
                }
                Opened opened = openAndAskForStaff(config);
                timeline.mark(StartupTimeline.DATABASE_READY);
                opening.complete(opened);
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "paydesk-open");
        opener.setDaemon(true);
        opener.start();
        return opening;
    }

    private static Opened openAndAskForStaff(DatabaseConfig config) {
        Paydesk paydesk = Paydesk.open(config);
        try {
            paydesk.settings(); // read here, so the main window never asks the database on the FX thread
            return new Opened(paydesk, paydesk.staff().needsFirstAdmin());
        } catch (RuntimeException e) {
            paydesk.close();
            throw e;
        }
    }

    /**
     * Shows why the client cannot start (a settings problem found before any database is opened)
     * in a window, then ends the process. Without a display it throws, and the caller's message
     * on standard error is all the user gets.
     */
    public static void showStartFailure(String message) {
        Platform.setImplicitExit(false);
        try {
            Platform.startup(() -> {
                Theme.install();
                Alert alert = failureAlert("Paydesk cannot start", message);
                // show, not showAndWait: no nested event loop inside the start-up runnable.
                alert.setOnHidden(e -> exit(FAILED));
                alert.show();
            });
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(message, e);
        }
    }

    /** The window that says why Paydesk cannot start or open its database, in words; not shown yet. */
    static Alert failureAlert(String header, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setTitle("Paydesk");
        alert.setHeaderText(header);
        alert.setResizable(true);
        alert.getDialogPane().setPrefWidth(560);
        Theme.apply(alert.getDialogPane());
        return alert;
    }

    private void open(CompletableFuture<Void> windowShown) {
        timeline.mark("toolkit_started_ms");
        // The sign-in window wears the theme last used on this workstation; the staff member's own follows.
        Theme.install(preferences.get(THEME_KEY).map(DesktopApp::appearance).orElse(Appearance.LIGHT));
        timeline.mark("theme_installed_ms");
        Stage stage = new Stage();
        SignInView view = signInView();
        timeline.mark("sign_in_view_built_ms");
        view.showDatabaseStatus(databaseStatus);
        CredentialsWindow.show(stage, view, this::showMain, this::closeAndExit);
        Platform.runLater(() -> {
            timeline.mark(StartupTimeline.WINDOW_SHOWN);
            windowShown.complete(null);
        });
        opening.whenComplete((opened, error) -> Platform.runLater(() -> {
            if (error != null) {
                stage.close();
                showOpenFailure(unwrap(error));
            } else if (opened.needsFirstAdmin()) {
                stage.close();
                CredentialsWindow.show(new Stage(), new FirstAdminView(new FirstAdminViewModel(opened.paydesk().staff(),
                        executor)), this::showMain, this::closeAndExit);
            } else {
                databaseStatus.set("The database is open.");
            }
        }));
        String probeUser = StartupTimeline.probeUser();
        if (probeUser != null) {
            signInByItself(view, probeUser);
        }
    }

    /** The sign-in form; a check asked for before the database is open waits for it in the background. */
    private SignInView signInView() {
        SignInViewModel viewModel = new SignInViewModel((name, password) -> withTheme(paydesk().staff().signIn(name,
                password)), (name, password, chosen) -> withTheme(paydesk().staff().signInWithNewPassword(name, password,
                chosen)), executor, java.time.Clock.systemUTC());
        return new SignInView(viewModel);
    }

    /**
     * Reads the staff member's theme in the sign-in's own background task: the main window opens in
     * their theme without asking the database on the FX thread.
     */
    private Caller withTheme(Caller caller) {
        appearances.put(caller.staffId(), paydesk().staff().appearance(caller.staffId()));
        return caller;
    }

    /** The open database; waits for it (off the FX thread only) while it opens. */
    private Paydesk paydesk() {
        try {
            return opening.join().paydesk();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void signInByItself(SignInView view, String username) {
        SignInViewModel form = (SignInViewModel) view.form();
        String password = System.getenv(StartupTimeline.PASSWORD_ENV);
        form.usernameProperty().set(username);
        form.passwordProperty().set(password == null ? "" : password);
        form.signIn();
    }

    private void showMain(Caller caller) {
        Paydesk paydesk = opening.join().paydesk();
        Appearance appearance = appearances.getOrDefault(caller.staffId(), Theme.current());
        applyTheme(appearance);
        if (caller.roles().contains(Role.CLERK)) {
            // Queued payments that met a busy processor (a payday) are applied once it is free.
            sweeper = new QueueSweeper(paydesk.queue(), caller).start(QUEUE_SWEEP);
        }
        Stage stage = new Stage();
        stage.setOnCloseRequest(e -> {
            stage.hide();
            closeAndExit();
        });
        Runnable signOut = () -> {
            stopSweeper();
            stage.hide();
            CredentialsWindow.show(new Stage(), signInView(), this::showMain, this::closeAndExit);
        };
        MainWindow.show(stage, MainScreens.mainViewModel(paydesk, caller, executor,
                Locale.getDefault(Locale.Category.FORMAT), signOut, this::applyTheme), preferences);
        Platform.runLater(() -> {
            timeline.mark(StartupTimeline.SIGNED_IN);
            if (StartupTimeline.probeUser() != null) {
                System.out.println(StartupTimeline.LINE_PREFIX + timeline.json());
                System.out.flush();
                stage.hide();
                closeAndExit();
            }
        });
    }

    /** Switches every window to {@code appearance} and makes it this workstation's theme of the sign-in window. */
    private void applyTheme(Appearance appearance) {
        Theme.install(appearance);
        preferences.put(THEME_KEY, appearance.name());
    }

    private static Appearance appearance(String name) {
        try {
            return Appearance.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Appearance.LIGHT;
        }
    }

    private void stopSweeper() {
        if (sweeper != null) {
            sweeper.close();
            sweeper = null;
        }
    }

    private void showOpenFailure(Throwable error) {
        log.error("Cannot open the database {}", config.describe(), error);
        Alert alert = failureAlert("Paydesk could not open the database", ErrorText.explain(error));
        alert.showAndWait();
        exit(FAILED);
    }

    /**
     * Stopping the embedded server takes a moment, so it happens off the FX thread; a database still
     * opening is closed once it is open.
     */
    private void closeAndExit() {
        executor.shutdown();
        stopSweeper();
        Thread closer = new Thread(() -> {
            int code = 0;
            try {
                opening.join().paydesk().close();
            } catch (CompletionException e) {
                code = FAILED; // it never opened: nothing to close, and its failure is already shown
            } catch (RuntimeException e) {
                log.error("Closing the database failed", e);
                code = FAILED;
            }
            exit(code);
        }, "paydesk-close");
        closer.start();
    }

    private static void exit(int code) {
        Platform.exit();
        System.exit(code);
    }
}
