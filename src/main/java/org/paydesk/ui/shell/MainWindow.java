package org.paydesk.ui.shell;

import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.paydesk.ui.Theme;

/** Puts the main view into a stage with the theme and title, shows it and starts reading the status. */
public final class MainWindow {

    private static final double WIDTH = 1280;
    private static final double HEIGHT = 800;

    private MainWindow() {
    }

    public static MainView show(Stage stage, MainViewModel viewModel) {
        Theme.install();
        MainView view = new MainView(viewModel);
        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double width = Math.min(WIDTH, screen.getWidth());
        double height = Math.min(HEIGHT, screen.getHeight());
        Scene scene = new Scene(view.root(), width, height - 40);
        Theme.apply(scene);
        stage.setTitle("Paydesk: " + viewModel.caller().username());
        stage.setScene(scene);
        stage.setOnHidden(e -> view.stop());
        stage.show();
        // JavaFX 21 on GTK opens windows at 200x200 under some window managers (JDK-8316423,
        // fixed in 22): ask for the size again once the window is mapped.
        Platform.runLater(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        view.startPolling();
        return view;
    }
}
