package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Appearance;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.MainScreens;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The theme switch on the real main window with demo data: every window, one already open
 * included, turns dark, the staff member's choice is saved, and a notification shows over the
 * window (headless too).
 */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class ThemeFxTest {

    private static DemoDesk desk;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;
    private MainViewModel viewModel;

    @BeforeAll
    static void demoData(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install(Appearance.LIGHT);
        viewModel = MainScreens.mainViewModel(desk.paydesk, desk.april, executor, Locale.US, () -> { });
        MainWindow.show(stage, viewModel);
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    /** The theme is the toolkit's: the test classes after this one run in the light theme as usual. */
    @AfterAll
    static void backToLight() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Theme.install(Appearance.LIGHT)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void switchingToDarkRestylesEveryWindowAndIsRememberedForTheStaffMember(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup(".accounts-table").queryTableView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> table.getItems().size() > 100);
        Stage open = WaitForAsyncUtils.asyncFx(() -> openDialog(stage)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Region layout = (Region) stage.getScene().getRoot();
        assertThat(luminance(layout)).as("light theme").isGreaterThan(0.8);
        assertThat(robot.lookup("#themeToggle").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isFalse();
        Screenshots.write(stage.getScene(), "theme-light.png");

        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.DARK_STYLESHEET);
        assertThat(Theme.current()).isEqualTo(Appearance.DARK);
        assertThat(layout.getStyleClass()).contains(Theme.DARK_CLASS);
        assertThat(luminance(layout)).as("the main window's background").isLessThan(0.25);
        Region dialogRoot = (Region) open.getScene().getRoot();
        assertThat(dialogRoot.getStyleClass()).as("a window open before the switch").contains(Theme.DARK_CLASS);
        assertThat(luminance(dialogRoot)).as("its background").isLessThan(0.25);
        Label dialogText = (Label) dialogRoot.getChildrenUnmodifiable().get(0);
        assertThat(luminance((Color) dialogText.getTextFill())).as("its text, readable on it").isGreaterThan(0.6);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> desk.paydesk.staff().appearance(desk.april.staffId()) == Appearance.DARK);
        robot.interact(open::close);
        Screenshots.write(stage.getScene(), "theme-dark.png");
        Screenshots.write(stage.getScene(), "accounts-dark.png");

        viewModel.notices().info("Demo data loaded", "Generated 300 participants and 600 tips.");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> notificationTexts().contains("Generated 300 participants and 600 tips."));
        assertThat(notificationTexts()).contains("Demo data loaded");
        Thread.sleep(1500); // the notification fades in
        Screenshots.write(notificationScene(), "theme-notification-dark.png");

        resize(robot, 800, 500);
        Screenshots.write(stage.getScene(), "theme-dark-800x500.png");

        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Theme.current()).isEqualTo(Appearance.LIGHT);
        assertThat(layout.getStyleClass()).doesNotContain(Theme.DARK_CLASS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> desk.paydesk.staff().appearance(desk.april.staffId()) == Appearance.LIGHT);
    }

    private static Stage openDialog(Window owner) {
        Stage dialog = new Stage();
        dialog.initOwner(owner);
        VBox content = new VBox(new Label("A dialog that was open when the theme changed"));
        Scene scene = new Scene(content, 360, 120);
        Theme.apply(scene);
        dialog.setScene(scene);
        dialog.show();
        return dialog;
    }

    /** The texts shown in popup windows: ControlsFX notifications live in popups over their owner. */
    private static List<String> notificationTexts() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream()
                .filter(window -> window instanceof PopupWindow && window.isShowing() && window.getScene() != null)
                .flatMap(window -> window.getScene().getRoot().lookupAll(".label").stream())
                .filter(node -> node instanceof Labeled)
                .map(node -> ((Labeled) node).getText())
                .toList()).get(5, TimeUnit.SECONDS);
    }

    private static Scene notificationScene() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream()
                .filter(window -> window instanceof PopupWindow && window.isShowing() && window.getScene() != null)
                .map(Window::getScene).findFirst().orElseThrow()).get(5, TimeUnit.SECONDS);
    }

    private void resize(FxRobot robot, double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static double luminance(Region region) {
        var fills = region.getBackground().getFills();
        return luminance((Color) fills.get(fills.size() - 1).getFill());
    }

    private static double luminance(Color color) {
        return 0.2126 * color.getRed() + 0.7152 * color.getGreen() + 0.0722 * color.getBlue();
    }
}
