package org.paydesk.ui.shell;

import java.util.HashMap;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.paydesk.ui.Fxml;
import org.paydesk.staff.Appearance;
import org.paydesk.ui.demo.DemoDataDialog;

/**
 * The main window's content: a sidebar with one entry per screen the staff member may open, who is
 * signed in, the processor lock and sign-out; the open screen; and a status bar. Screens are
 * created the first time they are opened (see {@link Screen}) and told when they are shown and
 * hidden. Keys: Ctrl+1…9 open the first nine screens, Ctrl+F the open screen's search.
 */
public final class MainView {

    /** How often the status (participant count, processor lock) is read again. */
    static final Duration STATUS_REFRESH = Duration.seconds(3);

    private final MainViewModel viewModel;
    private final Map<String, ScreenView> created = new HashMap<>();
    private final ToggleGroup navGroup = new ToggleGroup();
    private final Timeline statusPoll;
    private final java.util.function.Consumer<Notices.Notice> notifications = this::notifyLater;
    private ScreenView current;

    @FXML private BorderPane layout;
    @FXML private VBox navItems;
    @FXML private StackPane content;
    @FXML private HBox statusBar;
    @FXML private Label statusLabel;
    @FXML private Label signedInLabel;
    @FXML private Label lockLabel;
    @FXML private Button signOutButton;
    @FXML private ToggleButton themeToggle;
    @FXML private Label themeProblemLabel;
    @FXML private Button loadDemoButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        this.statusPoll = new Timeline(new KeyFrame(STATUS_REFRESH, e -> viewModel.refreshStatus()));
        statusPoll.setCycleCount(Timeline.INDEFINITE);
        Fxml.load(this);
    }

    @FXML
    private void initialize() {
        buildNavigation();
        signedInLabel.setText(viewModel.signedInText());
        lockLabel.textProperty().bind(viewModel.lockText());
        signOutButton.setOnAction(e -> signOut());
        ThemeChoice theme = viewModel.theme();
        themeToggle.setSelected(theme.appearanceProperty().get() == Appearance.DARK);
        themeToggle.setOnAction(e -> theme.choose(themeToggle.isSelected() ? Appearance.DARK : Appearance.LIGHT));
        theme.appearanceProperty().addListener((o, old, now) -> themeToggle.setSelected(now == Appearance.DARK));
        themeToggle.setTooltip(new Tooltip("Switch between the light and the dark theme; remembered for you"));
        themeProblemLabel.textProperty().bind(theme.problemProperty());
        themeProblemLabel.visibleProperty().bind(theme.problemProperty().isNotNull());
        themeProblemLabel.managedProperty().bind(themeProblemLabel.visibleProperty());

        statusBar.setAlignment(Pos.BASELINE_LEFT);
        // Status texts keep their full width; the spacer and the progress bar give way instead.
        statusLabel.setMinWidth(Region.USE_PREF_SIZE);
        progressLabel.setMinWidth(Region.USE_PREF_SIZE);
        statusLabel.textProperty().bind(viewModel.statusText());
        progressLabel.textProperty().bind(viewModel.progressMessage());
        progressBar.progressProperty().bind(viewModel.progress());
        progressBar.visibleProperty().bind(viewModel.demo().runningProperty());
        progressBar.managedProperty().bind(progressBar.visibleProperty());
        progressBar.setMinWidth(40);

        // Shown while the database is empty, so declining the offer at start-up is not final.
        loadDemoButton.visibleProperty().bind(viewModel.demo().databaseEmptyProperty()
                .and(viewModel.demo().runningProperty().not()));
        loadDemoButton.managedProperty().bind(loadDemoButton.visibleProperty());
        loadDemoButton.setMinWidth(Region.USE_PREF_SIZE);
        loadDemoButton.setOnAction(e -> DemoDataDialog.ask(window(), viewModel.demo()));
        viewModel.demo().offeredProperty().addListener((o, was, offered) -> {
            if (offered) {
                // Later, not inside the listener: a modal dialog must not run during a property change.
                Platform.runLater(() -> DemoDataDialog.ask(window(), viewModel.demo()));
            }
        });
        layout.sceneProperty().addListener((o, old, scene) -> {
            if (scene == null) {
                viewModel.notices().unsubscribe(notifications);
            } else if (old == null) {
                viewModel.notices().subscribe(notifications);
            }
        });

        // On the scene, not the layout: with nothing focused yet, key events go to the scene alone.
        layout.sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
            }
        });
        viewModel.navigation().selectedProperty().addListener((o, old, screen) -> open(screen));
        open(viewModel.navigation().selectedProperty().get());
    }

    private void buildNavigation() {
        int number = 1;
        for (Screen screen : viewModel.navigation().screens()) {
            ToggleButton entry = new ToggleButton(screen.title());
            entry.setId("nav-" + screen.key());
            entry.getStyleClass().add("nav-item");
            entry.setToggleGroup(navGroup);
            entry.setMaxWidth(Double.MAX_VALUE);
            entry.setAlignment(Pos.CENTER_LEFT);
            entry.setUserData(screen.key());
            if (number <= 9) {
                entry.setTooltip(new Tooltip(screen.title() + " (Ctrl+" + number + ")"));
            }
            // A selected entry stays selected: clicking it again does not leave the window without a screen.
            entry.setOnAction(e -> {
                entry.setSelected(true);
                viewModel.navigation().select(screen.key());
            });
            navItems.getChildren().add(entry);
            number++;
        }
    }

    private void open(Screen screen) {
        if (current != null) {
            current.hidden();
        }
        if (screen == null) {
            current = null;
            content.getChildren().clear();
            return;
        }
        current = created.computeIfAbsent(screen.key(), key -> screen.factory().get());
        content.getChildren().setAll(current.root());
        navGroup.getToggles().stream().filter(t -> screen.key().equals(t.getUserData())).findFirst()
                .ifPresent(t -> t.setSelected(true));
        current.shown();
    }

    private void shortcut(KeyEvent event) {
        if (!event.isShortcutDown()) {
            return;
        }
        if (event.getCode() == KeyCode.F) {
            if (current != null && current.focusSearch()) {
                event.consume();
            }
        } else if (event.getCode().isDigitKey()) {
            int number = event.getCode().getCode() - KeyCode.DIGIT0.getCode();
            if (event.getCode().isKeypadKey()) {
                number = event.getCode().getCode() - KeyCode.NUMPAD0.getCode();
            }
            if (viewModel.navigation().selectNumber(number)) {
                event.consume();
            }
        }
    }

    /** Starts reading the status every few seconds; the window calls it once shown. */
    void startPolling() {
        viewModel.start();
        statusPoll.play();
    }

    /** Stops polling and hides the open screen; the window is going away. */
    void stop() {
        viewModel.notices().unsubscribe(notifications);
        statusPoll.stop();
        viewModel.stop();
        if (current != null) {
            current.hidden();
        }
    }

    private void signOut() {
        stop();
        viewModel.signOut();
    }

    private void notifyLater(Notices.Notice notice) {
        // Later: a notice may be posted inside a property change or from another thread.
        Platform.runLater(() -> Notifier.show(window(), notice));
    }

    private Window window() {
        return layout.getScene() == null ? null : layout.getScene().getWindow();
    }

    public BorderPane root() {
        return layout;
    }
}
