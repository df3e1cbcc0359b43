package org.paydesk.ui.shell;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.paydesk.ui.Theme;

/** Puts the main view into a stage with the theme and title, shows it and starts loading. */
public final class MainWindow {

    private MainWindow() {
    }

    public static MainView show(Stage stage, MainViewModel viewModel) {
        Theme.install();
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view.root(), 1280, 760);
        Theme.apply(scene);
        stage.setTitle("Paydesk");
        stage.setMinWidth(800);
        stage.setMinHeight(480);
        stage.setScene(scene);
        stage.show();
        viewModel.start();
        return view;
    }
}
