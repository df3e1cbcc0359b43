package org.paydesk.ui.task;

import java.util.ArrayList;
import java.util.List;

/** Holds tasks until the test runs them, in any order: to play out slow and out-of-order results. */
public final class QueuedTaskExecutor implements TaskExecutor {

    private final List<BackgroundTask<?>> queued = new ArrayList<>();
    private final CurrentThreadTaskExecutor runner = new CurrentThreadTaskExecutor();

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        queued.add(task);
        return () -> queued.remove(task);
    }

    public int size() {
        return queued.size();
    }

    /** Runs the {@code index}-th task still waiting (0 = the oldest), callbacks included. */
    public void run(int index) {
        runner.execute(queued.remove(index));
    }

    public void runAll() {
        while (!queued.isEmpty()) {
            run(0);
        }
    }
}
