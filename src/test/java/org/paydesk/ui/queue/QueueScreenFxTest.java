package org.paydesk.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.queue.QueuedPayment.Status;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.DemoDesk;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.Theme;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The payment queue screen on demo data: queue a payment and see it done; a failing debit shows its error. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class QueueScreenFxTest {

    private static DemoDesk desk;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;
    private QueueView view;

    @BeforeAll
    static void demoData(Paydesk paydesk) {
        desk = new DemoDesk(paydesk);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.install();
        view = QueueView.create(desk.paydesk.queue(), desk.paydesk.participants(), desk.cleo, executor,
                Currency.getInstance("USD"), Locale.US);
        Scene scene = new Scene(view.root(), 1280, 800);
        Theme.apply(scene);
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    @AfterEach
    void stopPolling() {
        view.hidden();
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    private TableView<QueuedPayment> table(FxRobot robot) {
        return robot.lookup("#queueTable").queryTableView();
    }

    @Test
    void queueAPaymentThroughTheFormAndSeeItDone(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getItems().size() >= 5);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "queue.png");

        robot.clickOn("#queueAdd");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#queueAddDialog").tryQuery().isPresent());
        robot.clickOn("#participantSearch").write("carol");
        ListView<?> matches = robot.lookup("#participantMatches").queryListView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> matches.getItems().size() == 1);
        robot.clickOn(robot.lookup("#participantMatches .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn("#amount").write("12.345");
        Label amountError = robot.lookup("#amountError").queryAs(Label.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(amountError.isVisible()).isTrue();
        assertThat(amountError.getText()).isEqualTo("'12.345' has more than two decimals");
        robot.eraseText(1);
        assertThat(amountError.isVisible()).as("the error goes as soon as the amount is right").isFalse();
        robot.clickOn("#reason").write("wire received from the member's bank");
        robot.clickOn("#reference").write("WIRE-5521");
        Window dialog = robot.lookup("#queueAddDialog").query().getScene().getWindow();
        Screenshots.write(dialog.getScene(), "queue-add.png");

        robot.clickOn("#queueButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !dialog.isShowing());
        Label message = robot.lookup("#queueMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().endsWith(" is done."));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            QueuedPayment selected = table(robot).getSelectionModel().getSelectedItem();
            return selected != null && "WIRE-5521".equals(selected.externalRef());
        });
        QueuedPayment item = table(robot).getSelectionModel().getSelectedItem();
        assertThat(item.status()).isEqualTo(Status.DONE);
        assertThat(message.getText()).isEqualTo("#" + item.id() + " is done.");
        assertThat(robot.lookup("#queueDetail").queryAs(TextArea.class).getText())
                .contains("Payment in $12.34 for carol · Done").contains("External reference: WIRE-5521");
    }

    @Test
    void aFailingDebitShowsItsWholeErrorAndCanBeCancelled(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !table(robot).getItems().isEmpty());
        robot.interact(() -> view.viewModel().statusFilterProperty().set(Status.FAILED));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> table(robot).getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();

        TextArea detail = robot.lookup("#queueDetail").queryAs(TextArea.class);
        assertThat(detail.getText()).contains("Debit $2.50 for dora · Failed")
                .contains("Error: a debit of 2.50 is larger than the committed balance of 1.00; nothing was applied");
        assertThat(robot.lookup("#queueRetry").queryButton().isDisabled()).isFalse();
        Screenshots.write(stage.getScene(), "queue-failed.png");
        robot.interact(() -> stage.setWidth(800));
        robot.interact(() -> stage.setHeight(500));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(stage.getScene(), "queue-800x500.png");

        robot.clickOn("#queueCancel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table(robot).getItems().isEmpty());
        assertThat(robot.lookup("#queueMessage").queryAs(Label.class).getText()).startsWith("Cancelled #");
    }
}
