package org.paydesk.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CurrentThreadTaskExecutorTest {

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();

    @Test
    void deliversResultAndProgressAsFractions() {
        List<Double> fractions = new ArrayList<>();
        AtomicReference<String> result = new AtomicReference<>();
        executor.execute(BackgroundTask.of(progress -> {
            progress.update("step", 1, 4);
            progress.update("step", 0, 0);
            return "done";
        }).onProgress((message, fraction) -> fractions.add(fraction)).onSuccess(result::set));

        assertThat(result).hasValue("done");
        assertThat(fractions).containsExactly(0.25, -1.0);
    }

    @Test
    void deliversFailureInsteadOfThrowing() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        executor.execute(BackgroundTask.of(progress -> {
            throw new IllegalStateException("no");
        }).onFailure(failure::set));

        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessage("no");
    }
}
