package org.paydesk.ui.signin;

import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.paydesk.staff.Caller;
import org.paydesk.ui.Theme;

/**
 * Shows a start-up dialog in its own window until it ends: with a signed-in caller, or cancelled by
 * its button or by closing the window. Either way the window closes before the callback runs.
 */
public final class CredentialsWindow {

    private CredentialsWindow() {
    }

    public static void show(Stage stage, CredentialsView view, Consumer<Caller> onSignedIn, Runnable onCancelled) {
        CredentialsForm form = view.form();
        form.callerProperty().addListener((o, old, caller) -> {
            if (caller != null) {
                stage.close();
                onSignedIn.accept(caller);
            }
        });
        form.cancelledProperty().addListener((o, was, cancelled) -> {
            if (cancelled) {
                stage.close();
                onCancelled.run();
            }
        });
        stage.setOnCloseRequest(e -> form.cancel());
        Scene scene = new Scene(view.root());
        Theme.apply(scene);
        stage.setTitle(view.title());
        stage.setScene(scene);
        stage.setResizable(false);
        stage.show();
        // Works around JDK-8316423 (a 200x200 window under some window managers), as MainWindow does.
        Platform.runLater(stage::sizeToScene);
    }
}
