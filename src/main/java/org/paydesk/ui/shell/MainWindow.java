package org.paydesk.ui.shell;

import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.paydesk.ui.DesktopPreferences;
import org.paydesk.ui.Theme;

/**
 * Puts the main view into a stage with the theme and title, shows it where this workstation last
 * had it (kept on a visible screen) and starts reading the status; its place is remembered when
 * it closes.
 */
public final class MainWindow {

    static final double WIDTH = 1280;
    static final double HEIGHT = 800;

    private MainWindow() {
    }

    public static MainView show(Stage stage, MainViewModel viewModel) {
        return show(stage, viewModel, DesktopPreferences.inMemory());
    }

    public static MainView show(Stage stage, MainViewModel viewModel, DesktopPreferences preferences) {
        Theme.install();
        MainView view = new MainView(viewModel);
        List<Rectangle2D> screens = javafx.stage.Screen.getScreens().stream()
                .map(javafx.stage.Screen::getVisualBounds).toList();
        Rectangle2D primary = javafx.stage.Screen.getPrimary().getVisualBounds();
        WindowPlacement placement = WindowPlacement.remembered(preferences)
                .orElseGet(() -> WindowPlacement.centred(primary, WIDTH, HEIGHT))
                .clampTo(primaryFirst(primary, screens), WIDTH, HEIGHT);
        Scene scene = new Scene(view.root(), placement.width(), placement.height() - 40);
        Theme.apply(scene);
        stage.setTitle("Paydesk: " + viewModel.caller().username());
        stage.setScene(scene);
        place(stage, placement);
        stage.setMaximized(placement.maximized());
        PlacementMemory memory = new PlacementMemory(stage, placement);
        stage.setOnHidden(e -> {
            view.stop();
            memory.current().remember(preferences);
        });
        stage.show();
        // JavaFX 21 on GTK opens windows at 200x200 under some window managers (JDK-8316423,
        // fixed in 22): ask for the size and place again once the window is mapped.
        Platform.runLater(() -> place(stage, placement));
        view.startPolling();
        return view;
    }

    private static List<Rectangle2D> primaryFirst(Rectangle2D primary, List<Rectangle2D> screens) {
        java.util.ArrayList<Rectangle2D> ordered = new java.util.ArrayList<>(screens);
        ordered.remove(primary);
        ordered.add(0, primary);
        return ordered;
    }

    private static void place(Stage stage, WindowPlacement placement) {
        if (stage.isMaximized()) {
            return;
        }
        stage.setX(placement.x());
        stage.setY(placement.y());
        stage.setWidth(placement.width());
        stage.setHeight(placement.height());
    }

    /** The window's last normal (not maximized) place, and whether it is maximized now. */
    private static final class PlacementMemory {
        private final Stage stage;
        private WindowPlacement normal;

        PlacementMemory(Stage stage, WindowPlacement start) {
            this.stage = stage;
            this.normal = start;
            javafx.beans.InvalidationListener track = o -> {
                if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0
                        && !Double.isNaN(stage.getX())) {
                    normal = new WindowPlacement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
                }
            };
            stage.xProperty().addListener(track);
            stage.yProperty().addListener(track);
            stage.widthProperty().addListener(track);
            stage.heightProperty().addListener(track);
        }

        WindowPlacement current() {
            return normal.withMaximized(stage.isMaximized());
        }
    }
}
