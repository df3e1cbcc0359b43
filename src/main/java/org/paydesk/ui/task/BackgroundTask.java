package org.paydesk.ui.task;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A piece of work to run off the UI thread, with what to do with its outcome. The callbacks are
 * called on the UI thread by the UI executor, and on the calling thread by the one for tests.
 */
public final class BackgroundTask<T> {

    /** The work itself; it may report progress and may block. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressSink progress) throws Exception;
    }

    /** Where work reports how far it is: a message and {@code done} out of {@code total}. */
    @FunctionalInterface
    public interface ProgressSink {
        void update(String message, long done, long total);
    }

    /** Receives progress on the UI thread: a message and a fraction from 0 to 1, or -1 when unknown. */
    @FunctionalInterface
    public interface ProgressListener {
        void progressed(String message, double fraction);
    }

    private final Work<T> work;
    private Consumer<? super T> onSuccess = result -> { };
    private Consumer<? super Throwable> onFailure = error -> { };
    private ProgressListener onProgress = (message, fraction) -> { };

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<? super Throwable> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onProgress(ProgressListener listener) {
        this.onProgress = Objects.requireNonNull(listener);
        return this;
    }

    T run(ProgressSink progress) throws Exception {
        return work.run(progress);
    }

    void succeeded(T result) {
        onSuccess.accept(result);
    }

    void failed(Throwable error) {
        onFailure.accept(error);
    }

    void progressed(String message, double fraction) {
        onProgress.progressed(message, fraction);
    }
}
