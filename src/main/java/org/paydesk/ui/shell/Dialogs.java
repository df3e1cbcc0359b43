package org.paydesk.ui.shell;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/**
 * What every dialog of the client does with the keyboard. A {@code javafx.scene.control.Dialog}
 * with a cancel button already closes on Escape; a dialog built on a plain {@link Stage} calls
 * {@link #closeOnEscape(Stage)}.
 */
public final class Dialogs {

    private Dialogs() {
    }

    /** Escape closes {@code dialog}, as if its cancel button were pressed. */
    public static void closeOnEscape(Stage dialog) {
        dialog.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                dialog.close();
            }
        });
    }
}
