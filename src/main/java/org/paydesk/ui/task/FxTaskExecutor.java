package org.paydesk.ui.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;
import org.paydesk.errors.ErrorMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task as a JavaFX {@link Task} on a small pool of daemon threads. The Task coalesces
 * progress updates, so a chatty job cannot flood the FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private static final Logger log = LoggerFactory.getLogger(FxTaskExecutor.class);

    // Small on purpose: a long job (demo data) plus searches; the database pool has 8 connections.
    private final ExecutorService threads = Executors.newFixedThreadPool(3, daemonThreads());

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        Task<T> fxTask = new Task<>() {
            @Override
            protected T call() throws Exception {
                return task.run((message, done, total) -> {
                    updateMessage(message);
                    updateProgress(done, total);
                });
            }
        };
        fxTask.progressProperty().addListener((o, old, now) ->
                task.progressed(fxTask.getMessage(), now.doubleValue()));
        fxTask.setOnSucceeded(e -> task.succeeded(fxTask.getValue()));
        fxTask.setOnFailed(e -> {
            logFailure(fxTask.getException());
            task.failed(fxTask.getException());
        });
        try {
            threads.execute(fxTask);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // A poll that fires while its window closes, after shutdown: there is no one left to show it to.
            log.debug("Background task dropped: the executor is shut down");
            return () -> { };
        }
        // A cancelled Task ends in CANCELLED, never SUCCEEDED or FAILED: its callbacks do not run.
        return () -> fxTask.cancel(true);
    }

    /**
     * A fault is logged here with its stack trace, once; a person's mistake (a wrong password, a
     * form error) is not a fault: the words shown for it are logged at INFO by {@code ErrorText}.
     */
    static void logFailure(Throwable error) {
        if (ErrorMessages.isUserMistake(error)) {
            log.debug("Background task refused: {}", error.getMessage());
        } else {
            log.warn("Background task failed", error);
        }
    }

    @Override
    public void shutdown() {
        threads.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "paydesk-background-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
