package org.paydesk.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;
import org.paydesk.staff.Appearance;

/**
 * The AtlantaFX theme (Primer light or dark), plus Paydesk's stylesheet that also bridges ControlsFX
 * to it. The theme is the toolkit's user-agent stylesheet, so switching it restyles every window
 * and dialog at once, those already open included; the bridge maps ControlsFX's colours onto the
 * theme's variables, so ControlsFX controls follow in both.
 */
public final class Theme {

    /** On the root of every themed scene while the dark theme is on, for the few rules that differ. */
    public static final String DARK_CLASS = "theme-dark";
    public static final String LIGHT_STYLESHEET = new PrimerLight().getUserAgentStylesheet();
    public static final String DARK_STYLESHEET = new PrimerDark().getUserAgentStylesheet();
    private static final String STYLESHEET = Theme.class.getResource("paydesk.css").toExternalForm();

    private Theme() {
    }

    /** Installs the light theme unless a Paydesk theme is already on; repeating it is harmless. */
    public static void install() {
        if (!DARK_STYLESHEET.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(LIGHT_STYLESHEET);
        }
    }

    /** Switches every window, open or to come, to {@code appearance}; on the FX thread. */
    public static void install(Appearance appearance) {
        Application.setUserAgentStylesheet(appearance == Appearance.DARK ? DARK_STYLESHEET : LIGHT_STYLESHEET);
        for (Window window : Window.getWindows()) {
            if (window.getScene() != null) {
                mark(window.getScene().getRoot());
            }
        }
    }

    /** The theme now on. */
    public static Appearance current() {
        return DARK_STYLESHEET.equals(Application.getUserAgentStylesheet()) ? Appearance.DARK : Appearance.LIGHT;
    }

    public static void apply(Scene scene) {
        scene.getStylesheets().add(STYLESHEET);
        mark(scene.getRoot());
        scene.rootProperty().addListener((o, old, root) -> mark(root));
    }

    public static void apply(DialogPane pane) {
        pane.getStylesheets().add(STYLESHEET);
        mark(pane);
    }

    private static void mark(Parent root) {
        if (root == null) {
            return;
        }
        boolean dark = current() == Appearance.DARK;
        root.getStyleClass().remove(DARK_CLASS);
        if (dark) {
            root.getStyleClass().add(DARK_CLASS);
        }
    }
}
