package org.paydesk.ui.demo;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The offer to fill an empty database with demo data: asks how many participants, checks the
 * answer, and runs the generator in the background with its progress.
 */
public final class DemoDataViewModel {

    public static final int DEFAULT_COUNT = 1000;
    public static final int MAX_COUNT = 1_000_000;
    static final long SEED = 1;

    /** What generates the data: {@link DemoGenerator#generate} in the app, a stand-in in tests. */
    @FunctionalInterface
    public interface Generator {
        DemoGenerator.DemoResult generate(int participants, long seed, DemoGenerator.Progress progress);
    }

    private final BooleanSupplier databaseIsEmpty;
    private final Generator generator;
    private final TaskExecutor executor;
    private final Runnable afterGenerated;

    private final ReadOnlyBooleanWrapper databaseEmpty = new ReadOnlyBooleanWrapper(this, "databaseEmpty");
    private final ReadOnlyBooleanWrapper offered = new ReadOnlyBooleanWrapper(this, "offered");
    private final StringProperty countText = new SimpleStringProperty(this, "countText", String.valueOf(DEFAULT_COUNT));
    private final ReadOnlyStringWrapper countProblem = new ReadOnlyStringWrapper(this, "countProblem");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");

    public DemoDataViewModel(BooleanSupplier databaseIsEmpty, Generator generator, TaskExecutor executor,
                             Runnable afterGenerated) {
        this.databaseIsEmpty = databaseIsEmpty;
        this.generator = generator;
        this.executor = executor;
        this.afterGenerated = afterGenerated;
        countText.addListener((o, old, now) -> countProblem.set(problemWith(now).orElse(null)));
    }

    /** Offers demo data if, and only if, the database has no participant. */
    public void checkEmpty() {
        executor.execute(BackgroundTask.of(p -> databaseIsEmpty.getAsBoolean())
                .onSuccess(empty -> {
                    databaseEmpty.set(empty);
                    offered.set(empty);
                })
                .onFailure(e -> failure.set("Could not look at the database: " + ErrorText.explain(e))));
    }

    /**
     * What the last status read found: the "Load demo data…" offer follows the database, so an
     * import made elsewhere withdraws it. Ignored while generating (the count is mid-way then).
     */
    public void databaseSeen(boolean empty) {
        if (!running.get()) {
            databaseEmpty.set(empty);
        }
    }

    public void decline() {
        offered.set(false);
    }

    /** Starts generating the number of participants typed; returns false (and does nothing) if it is not valid. */
    public boolean generate() {
        Optional<String> problem = problemWith(countText.get());
        countProblem.set(problem.orElse(null));
        if (problem.isPresent() || running.get()) {
            return false;
        }
        int count = Integer.parseInt(countText.get().strip());
        offered.set(false);
        failure.set(null);
        running.set(true);
        progress.set(-1);
        message.set(String.format("Generating demo data: %,d participants…", count));
        executor.execute(BackgroundTask.of(sink -> generator.generate(count, SEED, sink::update))
                .onProgress((step, fraction) -> {
                    progress.set(fraction);
                    if (step != null && !step.isBlank()) {
                        message.set("Demo data: " + step);
                    }
                })
                .onSuccess(result -> {
                    running.set(false);
                    databaseEmpty.set(result.participants() == 0);
                    progress.set(0);
                    message.set(String.format("Generated %,d participants and %,d tips.", result.participants(),
                            result.tips()));
                    afterGenerated.run();
                })
                .onFailure(e -> {
                    running.set(false);
                    progress.set(0);
                    message.set(null);
                    failure.set("Demo data could not be generated: " + ErrorText.explain(e));
                }));
        return true;
    }

    /** Why {@code text} is not a usable participant count, or empty when it is. */
    static Optional<String> problemWith(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("Enter how many participants to generate (1 to 1,000,000).");
        }
        if (!trimmed.matches("\\d+")) {
            return Optional.of("“" + trimmed + "” is not a whole number: type digits only, from 1 to 1,000,000.");
        }
        BigInteger count = new BigInteger(trimmed);
        if (count.signum() == 0) {
            return Optional.of("Enter at least 1 participant.");
        }
        if (count.compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
            return Optional.of("At most 1,000,000 participants can be generated here.");
        }
        return Optional.empty();
    }

    /** True when the last look found no participant (demo data can still be loaded). */
    public ReadOnlyBooleanProperty databaseEmptyProperty() {
        return databaseEmpty.getReadOnlyProperty();
    }

    /** True while the database is empty and the offer has not been answered. */
    public ReadOnlyBooleanProperty offeredProperty() {
        return offered.getReadOnlyProperty();
    }

    public StringProperty countTextProperty() {
        return countText;
    }

    /** Why the typed count is not valid; null when it is. */
    public ReadOnlyStringProperty countProblemProperty() {
        return countProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** From 0 to 1, or -1 while the generator has not said how far it is. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last generation failed, in words; null when it did not. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }
}
