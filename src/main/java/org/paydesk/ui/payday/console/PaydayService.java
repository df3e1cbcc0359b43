package org.paydesk.ui.payday.console;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.concurrent.Service;
import javafx.concurrent.Task;
import org.paydesk.payday.PaydayListener;
import org.paydesk.errors.ErrorMessages;
import org.paydesk.payday.PaydayStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payday's run as a JavaFX {@link Service}: the engine runs on the service's own daemon
 * thread; the outcome comes back on the FX thread. The engine's listener is handed through
 * untouched: the console coalesces its events to one update per frame.
 */
public final class PaydayService extends Service<PaydayStats> implements PaydayLauncher {

    /** Runs the payday (launch or resume) as the signed-in operator. */
    @FunctionalInterface
    public interface Run {
        PaydayStats run(boolean force, PaydayListener listener, BooleanSupplier cancelled);
    }

    private static final Logger log = LoggerFactory.getLogger(PaydayService.class);

    private final Run run;
    private boolean force;
    private PaydayListener listener = PaydayListener.NONE;
    private BooleanSupplier cancelled = () -> false;

    public PaydayService(Run run) {
        this.run = run;
        setExecutor(command -> {
            Thread thread = new Thread(command, "payday-console-run");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Override
    public void launch(boolean force, PaydayListener listener, BooleanSupplier cancelled, Consumer<PaydayStats> finished,
                       Consumer<Throwable> failed) {
        if (isRunning()) {
            throw new IllegalStateException("the payday is already running from this console");
        }
        this.force = force;
        this.listener = listener;
        this.cancelled = cancelled;
        setOnSucceeded(e -> finished.accept(getValue()));
        setOnFailed(e -> {
            if (!ErrorMessages.isUserMistake(getException())) {
                log.warn("The payday run failed", getException());
            }
            failed.accept(getException());
        });
        restart();
    }

    @Override
    protected Task<PaydayStats> createTask() {
        boolean taskForce = force;
        PaydayListener taskListener = listener;
        BooleanSupplier taskCancelled = cancelled;
        return new Task<>() {
            @Override
            protected PaydayStats call() {
                return run.run(taskForce, taskListener, taskCancelled);
            }
        };
    }
}
