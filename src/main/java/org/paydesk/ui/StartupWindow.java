package org.paydesk.ui;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The small window shown while the database starts and migrates. */
final class StartupWindow {

    private final Stage stage = new Stage();

    StartupWindow(String databaseDescription) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(48, 48);
        Label title = new Label("Opening database…");
        title.getStyleClass().add("title-4");
        Label where = new Label(databaseDescription);
        where.getStyleClass().add("text-muted");
        where.setWrapText(true);
        where.setMaxWidth(420);
        VBox content = new VBox(spinner, title, where);
        content.getStyleClass().add("startup");
        Scene scene = new Scene(content);
        Theme.apply(scene);
        stage.setTitle("Paydesk");
        stage.setScene(scene);
        stage.setResizable(false);
    }

    Stage stage() {
        return stage;
    }

    void show() {
        stage.show();
        // Works around JDK-8316423 (a 200x200 window under some window managers), as MainWindow does.
        Platform.runLater(stage::sizeToScene);
    }

    void close() {
        stage.close();
    }
}
