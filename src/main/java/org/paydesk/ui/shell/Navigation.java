package org.paydesk.ui.shell;

import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.paydesk.staff.Caller;

/**
 * Which screens the signed-in staff member sees, in order, and which one is open. No toolkit: the
 * view builds the sidebar from {@link #screens()} and follows {@link #selectedProperty()}.
 */
public final class Navigation {

    private final List<Screen> screens;
    private final ReadOnlyObjectWrapper<Screen> selected = new ReadOnlyObjectWrapper<>(this, "selected");

    public Navigation(List<Screen> all, Caller caller) {
        this.screens = all.stream().filter(screen -> screen.isFor(caller)).toList();
        if (!screens.isEmpty()) {
            selected.set(screens.get(0));
        }
    }

    /** The screens this caller may open, in navigation order. */
    public List<Screen> screens() {
        return screens;
    }

    /** Opens the screen with {@code key}; false (and nothing changes) if the caller does not see it. */
    public boolean select(String key) {
        Optional<Screen> screen = screens.stream().filter(s -> s.key().equals(key)).findFirst();
        screen.ifPresent(selected::set);
        return screen.isPresent();
    }

    /** Ctrl+{@code number}: opens the number-th visible screen (from 1); false if there is none. */
    public boolean selectNumber(int number) {
        if (number < 1 || number > screens.size()) {
            return false;
        }
        selected.set(screens.get(number - 1));
        return true;
    }

    public ReadOnlyObjectProperty<Screen> selectedProperty() {
        return selected.getReadOnlyProperty();
    }
}
