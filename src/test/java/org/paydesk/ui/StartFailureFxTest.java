package org.paydesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window shown when Paydesk cannot start (a settings file others can read) or cannot open its
 * database: the whole message is on screen, wrapped inside the window, never cut to an ellipsis.
 */
@ExtendWith(ApplicationExtension.class)
class StartFailureFxTest {

    /** What SettingsFile says about a settings file with mode 644 (README, "Installing on a workstation"). */
    private static final String EXPOSED_FILE = "settings file /home/ann/.config/paydesk/paydesk.properties holds"
            + " db.password but can be read by other users (rw-r--r--), so Paydesk refuses to use it. Make it"
            + " readable only by you: chmod 600 '/home/ann/.config/paydesk/paydesk.properties' (or keep the"
            + " password in the keyring: db.password.keyring=true)";

    private Alert alert;

    @Start
    void start(Stage stage) {
        Theme.install();
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        if (alert != null) {
            WaitForAsyncUtils.asyncFx(alert::close).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLongMessageIsShownWholeAndWrappedInsideTheWindow() throws Exception {
        show("Paydesk cannot start", EXPOSED_FILE);

        Label content = (Label) alert.getDialogPane().lookup(".content");
        assertThat(content.getText()).isEqualTo(EXPOSED_FILE);
        assertThat(content.isVisible()).isTrue();
        // A Label too small for its text draws a shortened text ending in an ellipsis.
        Text drawn = (Text) content.lookup(".text");
        assertThat(drawn.getText()).as("the text drawn, not cut short").isEqualTo(EXPOSED_FILE);
        assertThat(content.getHeight()).as("wrapped over several lines").isGreaterThan(3 * content.getFont().getSize());
        assertInsideTheWindow(content);
        assertInsideTheWindow(alert.getDialogPane().lookupButton(ButtonType.OK));
        assertThat(alert.getDialogPane().getHeaderText()).isEqualTo("Paydesk cannot start");
        Screenshots.write(alert.getDialogPane().getScene(), "start-failure-dialog.png");
    }

    @Test
    void theDatabaseFailureWindowShowsItsMessageToo() throws Exception {
        String message = "Cannot connect to the database at jdbc:postgresql://db.example:5432/paydesk: Connection"
                + " refused. Check the URL, user and password, and that the server is running.";
        show("Paydesk could not open the database", message);

        Label content = (Label) alert.getDialogPane().lookup(".content");
        assertThat(((Text) content.lookup(".text")).getText()).isEqualTo(message);
        assertInsideTheWindow(content);
        Screenshots.write(alert.getDialogPane().getScene(), "open-failure-dialog.png");
    }

    private void show(String header, String message) throws Exception {
        alert = WaitForAsyncUtils.asyncFx(() -> {
            Alert shown = DesktopApp.failureAlert(header, message);
            shown.show();
            return shown;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(alert.isShowing()).isTrue();
    }

    private void assertInsideTheWindow(Node node) {
        Bounds bounds = node.localToScene(node.getBoundsInLocal());
        double width = alert.getDialogPane().getScene().getWidth();
        double height = alert.getDialogPane().getScene().getHeight();
        assertThat(bounds.getMinX()).isGreaterThanOrEqualTo(0);
        assertThat(bounds.getMinY()).isGreaterThanOrEqualTo(0);
        assertThat(bounds.getMaxX()).as("right edge of %s within %s", node, width).isLessThanOrEqualTo(width);
        assertThat(bounds.getMaxY()).as("bottom edge of %s within %s", node, height).isLessThanOrEqualTo(height);
        assertThat(bounds.getWidth()).isPositive();
        assertThat(bounds.getHeight()).isPositive();
    }
}
