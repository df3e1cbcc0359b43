package org.paydesk.ui.task;

/** Runs each task at once on the calling thread, callbacks included: for tests without a toolkit. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        T result;
        try {
            result = task.run((message, done, total) -> task.progressed(message, fraction(done, total)));
        } catch (Exception | Error e) {
            task.failed(e);
            return Cancellable.DONE;
        }
        task.succeeded(result);
        return Cancellable.DONE;
    }

    static double fraction(long done, long total) {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }
}
