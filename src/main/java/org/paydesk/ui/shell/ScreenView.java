package org.paydesk.ui.shell;

import javafx.scene.Node;

/**
 * What a screen puts into the main window. Created by its {@link Screen}'s factory the first time
 * the screen is opened and kept for the rest of the session; {@link #shown()} and {@link #hidden()}
 * bracket the time it is on display, so a screen attaches its listeners and starts its polling in
 * {@code shown} and stops them in {@code hidden}: a hidden screen costs nothing.
 */
public interface ScreenView {

    /** The node the window shows in its content area. */
    Node root();

    /** Now on display (also right after creation): attach listeners, refresh, start polling. */
    default void shown() {
    }

    /** No longer on display: detach listeners, stop polling. */
    default void hidden() {
    }

    /** Ctrl+F: put the keyboard in the screen's search field; false when it has none. */
    default boolean focusSearch() {
        return false;
    }
}
