package org.paydesk.ui.shell;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.paydesk.staff.Appearance;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The signed-in staff member's theme: switching applies it at once to every window and saves it
 * for them in the background; a save that fails keeps the new look for this session and says so.
 */
public final class ThemeChoice {

    /** Saves the staff member's choice: {@code StaffService#setAppearance} for the caller in the app. */
    @FunctionalInterface
    public interface Store {
        void save(Appearance appearance);
    }

    private final Consumer<Appearance> apply;
    private final Store store;
    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<Appearance> appearance;
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");

    /**
     * @param current the theme on now (the staff member's, applied at sign-in)
     * @param apply   switches the windows ({@code Theme::install} in the app)
     */
    public ThemeChoice(Appearance current, Consumer<Appearance> apply, Store store, TaskExecutor executor) {
        this.appearance = new ReadOnlyObjectWrapper<>(this, "appearance", current);
        this.apply = apply;
        this.store = store;
        this.executor = executor;
    }

    /** Light to dark, dark to light. */
    public void toggle() {
        choose(appearance.get() == Appearance.DARK ? Appearance.LIGHT : Appearance.DARK);
    }

    public void choose(Appearance chosen) {
        if (chosen == appearance.get()) {
            return;
        }
        appearance.set(chosen);
        apply.accept(chosen);
        problem.set(null);
        executor.execute(BackgroundTask.of(p -> {
            store.save(chosen);
            return chosen;
        }).onFailure(e -> problem.set("The theme is not remembered for next time: " + ErrorText.explain(e))));
    }

    public ReadOnlyObjectProperty<Appearance> appearanceProperty() {
        return appearance.getReadOnlyProperty();
    }

    /** Why the last choice was not saved; null when it was. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
