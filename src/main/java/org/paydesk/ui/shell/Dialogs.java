package org.paydesk.ui.shell;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * What every dialog of the client does with the keyboard and where it opens. A {@code javafx.scene.control.Dialog}
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

    /**
     * Opens {@code window} centred on its owner (a {@code javafx.scene.control.Dialog} with an owner
     * already is), kept on the owner's screen; a window without an owner stays centred on the screen.
     */
    public static void centreOnOwner(Stage window) {
        window.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            Window owner = window.getOwner();
            if (owner == null || !owner.isShowing()) {
                return;
            }
            Rectangle2D ownerBounds = new Rectangle2D(owner.getX(), owner.getY(), owner.getWidth(), owner.getHeight());
            Rectangle2D screen = Screen.getScreensForRectangle(ownerBounds).stream().findFirst()
                    .orElse(Screen.getPrimary()).getVisualBounds();
            Point2D place = centred(ownerBounds, window.getWidth(), window.getHeight(), screen);
            window.setX(place.getX());
            window.setY(place.getY());
        });
    }

    /** Where a {@code width} x {@code height} window goes to sit centred on {@code owner}, inside {@code screen}. */
    static Point2D centred(Rectangle2D owner, double width, double height, Rectangle2D screen) {
        double x = owner.getMinX() + (owner.getWidth() - width) / 2;
        double y = owner.getMinY() + (owner.getHeight() - height) / 2;
        x = Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - width));
        y = Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - height));
        return new Point2D(x, y);
    }
}
