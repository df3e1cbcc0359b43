package org.paydesk.ui;

import java.util.Locale;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.paydesk.app.Paydesk;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.queue.QueueSweeper;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.shell.MainWindow;
import org.paydesk.ui.signin.CredentialsView;
import org.paydesk.ui.signin.CredentialsWindow;
import org.paydesk.ui.signin.FirstAdminView;
import org.paydesk.ui.signin.FirstAdminViewModel;
import org.paydesk.ui.signin.SignInView;
import org.paydesk.ui.signin.SignInViewModel;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.FxTaskExecutor;
import org.paydesk.ui.task.TaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the desktop client from a plain launcher: starts the toolkit, opens the database in the
 * background behind a start-up window, signs a staff member in (or, on a database without staff,
 * creates the first administrator), then shows the main window for them. Cancelling the sign-in or
 * closing the main window closes the database and ends the process.
 */
public final class DesktopApp {

    private static final Logger log = LoggerFactory.getLogger(DesktopApp.class);
    private static final int FAILED = 1;

    private final DatabaseConfig config;
    private final TaskExecutor executor = new FxTaskExecutor();
    private boolean quitWhileOpening;

    private static final java.time.Duration QUEUE_SWEEP = java.time.Duration.ofSeconds(30);
    private QueueSweeper sweeper;

    /** The open database, and whether it still needs its first administrator (asked in the same background task). */
    private record Opened(Paydesk paydesk, boolean needsFirstAdmin) {
    }

    private DesktopApp(DatabaseConfig config) {
        this.config = config;
    }

    /** Returns once the toolkit runs; the FX thread keeps the process alive until the window closes. */
    public static void start(DatabaseConfig config) {
        // Windows come and go during start-up; the process ends only through exit().
        Platform.setImplicitExit(false);
        try {
            Platform.startup(() -> new DesktopApp(config).open());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot start the desktop client (" + e.getMessage()
                    + "); it needs a graphical display. Headless commands work anywhere: see --help.", e);
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

    private void open() {
        Theme.install();
        StartupWindow startup = new StartupWindow(config.describe());
        startup.stage().setOnCloseRequest(e -> quitWhileOpening = true);
        startup.show();
        executor.execute(BackgroundTask.of(progress -> openAndAskForStaff())
                .onSuccess(opened -> {
                    startup.close();
                    if (quitWhileOpening) {
                        closeAndExit(opened.paydesk());
                    } else {
                        signIn(opened);
                    }
                })
                .onFailure(error -> {
                    startup.close();
                    showOpenFailure(error);
                }));
    }

    private Opened openAndAskForStaff() {
        Paydesk paydesk = Paydesk.open(config);
        try {
            return new Opened(paydesk, paydesk.staff().needsFirstAdmin());
        } catch (RuntimeException e) {
            paydesk.close();
            throw e;
        }
    }

    private void signIn(Opened opened) {
        Paydesk paydesk = opened.paydesk();
        CredentialsView view = opened.needsFirstAdmin()
                ? new FirstAdminView(new FirstAdminViewModel(paydesk.staff(), executor))
                : new SignInView(new SignInViewModel(paydesk.staff(), executor));
        CredentialsWindow.show(new Stage(), view, caller -> showMain(paydesk, caller), () -> closeAndExit(paydesk));
    }

    private void showMain(Paydesk paydesk, Caller caller) {
        if (caller.roles().contains(Role.CLERK)) {
            // Queued payments that met a busy processor (a payday) are applied once it is free.
            sweeper = new QueueSweeper(paydesk.queue(), caller).start(QUEUE_SWEEP);
        }
        Stage stage = new Stage();
        stage.setOnCloseRequest(e -> {
            stage.hide();
            closeAndExit(paydesk);
        });
        Runnable signOut = () -> {
            stopSweeper();
            stage.hide();
            signIn(new Opened(paydesk, false));
        };
        MainWindow.show(stage, MainScreens.mainViewModel(paydesk, caller, executor,
                Locale.getDefault(Locale.Category.FORMAT), signOut));
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

    /** Stopping the embedded server takes a moment, so it happens off the FX thread. */
    private void closeAndExit(Paydesk paydesk) {
        executor.shutdown();
        stopSweeper();
        Thread closer = new Thread(() -> {
            int code = 0;
            try {
                paydesk.close();
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
