package org.paydesk.ui.shell;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/**
 * One entry of the main window's navigation: how to register a screen.
 *
 * <p>A screen has a stable {@code key} (used by tests and by {@link Navigation#select(String)}), a
 * {@code title} shown in the sidebar, the {@code roles} that see it (any one of them is enough; an
 * empty set means every signed-in staff member) and a {@code factory} that builds its
 * {@link ScreenView}. The factory runs on the FX thread the first time the screen is opened, never
 * before, so a screen the staff member never visits costs nothing.
 *
 * <p>Screens are listed, in navigation order, in {@code org.paydesk.ui.MainScreens}, the GUI's
 * composition root, which hands each factory the services its ViewModel uses:
 * <pre>{@code
 * Screen.of("queue", "Payment queue", () -> new QueueView(new QueueViewModel(queue, caller, executor)),
 *         Role.CLERK, Role.OPERATOR)
 * }</pre>
 * The navigation hides screens the caller has none of the roles for; the services refuse anyway.
 * A screen not built yet is registered with {@link #placeholder}, which says so plainly.
 */
public record Screen(String key, String title, Set<Role> roles, Supplier<? extends ScreenView> factory) {

    public Screen {
        Objects.requireNonNull(key);
        Objects.requireNonNull(title);
        Objects.requireNonNull(factory);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** A screen for staff with any of {@code anyOf}; for everyone signed in when none is given. */
    public static Screen of(String key, String title, Supplier<? extends ScreenView> factory, Role... anyOf) {
        return new Screen(key, title, Set.of(anyOf), factory);
    }

    /** A screen still to be built: its entry is there, and opening it says it is not available yet. */
    public static Screen placeholder(String key, String title, String comesWith, Role... anyOf) {
        return of(key, title, () -> new PlaceholderScreen(title, comesWith), anyOf);
    }

    /** Whether {@code caller} sees this screen in the navigation. */
    public boolean isFor(Caller caller) {
        return roles.isEmpty() || roles.stream().anyMatch(caller.roles()::contains);
    }
}
