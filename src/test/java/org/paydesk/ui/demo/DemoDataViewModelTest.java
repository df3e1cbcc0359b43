package org.paydesk.ui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoGenerator.DemoResult;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

@ExtendWith(DatabaseExtension.class)
class DemoDataViewModelTest {

    private final Paydesk paydesk;
    private final AtomicInteger generatorCalls = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();

    DemoDataViewModelTest(Paydesk paydesk) {
        this.paydesk = paydesk;
    }

    private DemoDataViewModel viewModel(DemoDataViewModel.Generator generator) {
        DemoDataViewModel.Generator counting = (n, seed, progress) -> {
            generatorCalls.incrementAndGet();
            return generator.generate(n, seed, progress);
        };
        return new DemoDataViewModel(paydesk.participants()::isEmpty, counting, new CurrentThreadTaskExecutor(),
                refreshes::incrementAndGet);
    }

    @Test
    void offersDemoDataOnlyWhileTheDatabaseIsEmpty() {
        DemoDataViewModel viewModel = viewModel((n, seed, progress) -> new DemoResult(n, 0, Duration.ZERO));
        viewModel.checkEmpty();
        assertThat(viewModel.offeredProperty().get()).isTrue();
        assertThat(viewModel.databaseEmptyProperty().get()).isTrue();
        viewModel.decline();
        assertThat(viewModel.offeredProperty().get()).isFalse();
        assertThat(viewModel.databaseEmptyProperty().get()).isTrue();

        paydesk.importer().importJson(new ByteArrayInputStream("{\"participants\": [{\"username\": \"zed\"}]}"
                .getBytes(StandardCharsets.UTF_8)), "one.json", paydesk.systemStaffId());
        DemoDataViewModel later = viewModel((n, seed, progress) -> new DemoResult(n, 0, Duration.ZERO));
        later.checkEmpty();

        assertThat(later.offeredProperty().get()).isFalse();
        assertThat(later.databaseEmptyProperty().get()).isFalse();
    }

    @Test
    void defaultCountIsAThousandAndValid() {
        DemoDataViewModel viewModel = viewModel((n, seed, progress) -> new DemoResult(n, 0, Duration.ZERO));

        assertThat(viewModel.countTextProperty().get()).isEqualTo("1000");
        assertThat(viewModel.countProblemProperty().get()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                     | Enter how many participants",
        "abc                    | “abc” is not a whole number",
        "12.5                   | “12.5” is not a whole number",
        "-3                     | “-3” is not a whole number",
        "0                      | at least 1",
        "1000001                | At most 1,000,000",
        "99999999999999999999   | At most 1,000,000"})
    void badCountIsRefusedWithAClearMessage(String typed, String expected) {
        DemoDataViewModel viewModel = viewModel((n, seed, progress) -> new DemoResult(n, 0, Duration.ZERO));
        viewModel.countTextProperty().set(typed);

        assertThat(viewModel.countProblemProperty().get()).contains(expected);
        assertThat(viewModel.generate()).isFalse();
        assertThat(generatorCalls).hasValue(0);
        assertThat(viewModel.runningProperty().get()).isFalse();
    }

    @Test
    void generatesTheTypedCountReportingProgressThenRefreshes() {
        List<Double> progress = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        DemoDataViewModel viewModel = viewModel((n, seed, sink) -> {
            asked.add(n);
            sink.update("participants", 50, 100);
            return new DemoResult(n, 900, Duration.ofSeconds(1));
        });
        viewModel.progressProperty().addListener((o, old, now) -> progress.add(now.doubleValue()));
        viewModel.countTextProperty().set(" 250 ");

        assertThat(viewModel.generate()).isTrue();

        assertThat(asked).containsExactly(250);
        assertThat(progress).contains(0.5);
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.messageProperty().get()).isEqualTo("Generated 250 participants and 900 tips.");
        assertThat(viewModel.failureProperty().get()).isNull();
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void failedGenerationBecomesAClearMessage() {
        DemoDataViewModel viewModel = viewModel((n, seed, sink) -> {
            throw new UnsupportedOperationException("demo generation is not available");
        });

        assertThat(viewModel.generate()).isTrue();

        assertThat(viewModel.failureProperty().get())
                .isEqualTo("Demo data could not be generated: demo generation is not available");
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.offeredProperty().get()).isFalse();
        assertThat(refreshes).hasValue(0);
    }
}
