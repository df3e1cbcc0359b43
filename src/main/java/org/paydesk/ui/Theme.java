package org.paydesk.ui;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;

/** The AtlantaFX theme, plus Paydesk's stylesheet that also bridges ControlsFX to it. */
public final class Theme {

    private static final String STYLESHEET = Theme.class.getResource("paydesk.css").toExternalForm();

    private Theme() {
    }

    /** Sets the user-agent stylesheet; global, so once per toolkit is enough but repeating is harmless. */
    public static void install() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    public static void apply(Scene scene) {
        scene.getStylesheets().add(STYLESHEET);
    }

    public static void apply(DialogPane pane) {
        pane.getStylesheets().add(STYLESHEET);
    }
}
