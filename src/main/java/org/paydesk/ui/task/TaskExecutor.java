package org.paydesk.ui.task;

/**
 * Runs background work for the ViewModels. The UI implementation runs it in a JavaFX
 * {@code Task} and calls back on the FX thread; {@link CurrentThreadTaskExecutor} runs it at once,
 * so ViewModels can be tested with plain JUnit.
 */
public interface TaskExecutor {

    /** Starts {@code task}; the handle cancels it, after which none of its callbacks runs. */
    <T> Cancellable execute(BackgroundTask<T> task);

    /** Stops accepting work; work already running is abandoned. */
    default void shutdown() {
    }
}
