package org.paydesk.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** Stands in for a screen that is not built yet, and says so. */
final class PlaceholderScreen implements ScreenView {

    private final VBox root;

    PlaceholderScreen(String title, String comesWith) {
        Label heading = new Label(title);
        heading.getStyleClass().add("title-3");
        Label text = new Label(title + " is not available yet. " + comesWith);
        text.setId("placeholderText");
        text.setWrapText(true);
        text.getStyleClass().add("text-muted");
        root = new VBox(12, heading, text);
        root.setAlignment(Pos.TOP_LEFT);
        root.getStyleClass().add("placeholder-screen");
    }

    @Override
    public Node root() {
        return root;
    }
}
