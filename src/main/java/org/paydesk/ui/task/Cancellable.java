package org.paydesk.ui.task;

/**
 * A handle on submitted background work. After {@link #cancel()} the task's callbacks are never
 * called; work already running is interrupted (JDBC work ends at its next blocking call).
 */
@FunctionalInterface
public interface Cancellable {

    /** A handle for work that already finished (or never started): cancelling does nothing. */
    Cancellable DONE = () -> { };

    void cancel();
}
