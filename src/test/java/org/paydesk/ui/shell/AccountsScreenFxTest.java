package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.Review;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.queue.PaymentKind;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.MainScreens;
import org.paydesk.ui.Screenshots;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real shell on a real database after a payday: the accounts show up formatted, search filters
 * them, a row opens by double-click and by Enter, and the detail shows the account's history.
 */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class AccountsScreenFxTest {

    private static Paydesk paydesk;
    private static Caller cleo;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;

    @BeforeAll
    static void platformAfterAPayday(Paydesk opened) {
        paydesk = opened;
        String json = """
                {"participants": [
                  {"username": "alice", "display_name": "Alice Liddell", "review": "WHITELISTED",
                   "balance": "1234.50", "card": "card_ok", "bank": "bank_ok"},
                  {"username": "bob", "display_name": "Bob Builder", "review": "WHITELISTED", "balance": "9.32",
                   "card": "card_declined"},
                  {"username": "carol", "claimed": false},
                  {"username": "dave", "display_name": "Dave Alison", "review": "SUSPICIOUS", "balance": "0.30"},
                  {"username": "erin", "display_name": "Erin Example", "review": "WHITELISTED", "balance": "50.00",
                   "card": "card_ok"}
                ],
                "tips": [
                  {"tipper": "alice", "tippee": "dave", "amount": "2.50"},
                  {"tipper": "bob", "tippee": "alice", "amount": "30.00"},
                  {"tipper": "alice", "tippee": "carol", "amount": "1.00"},
                  {"tipper": "erin", "tippee": "alice", "amount": "12.00"}
                ]}""";
        paydesk.importer().importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gui.json",
                paydesk.systemStaffId());
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK, Role.APPROVER),
                "cleo long password".toCharArray());
        cleo = paydesk.staff().signIn("cleo", "cleo long password".toCharArray());
        paydesk.payday().run(PaydayRunner.Options.of(paydesk.systemCaller(), "test-host", false),
                PaydayListener.NONE, () -> false);
        paydesk.queue().add(cleo, PaymentKind.CREDIT, "alice", new BigDecimal("5.00"), "Goodwill after a support call",
                "ticket-4711");
        long alice = paydesk.participants().findByUsername("alice").orElseThrow().id();
        paydesk.reviews().setReview(paydesk.systemCaller(), alice, Review.SUSPICIOUS, "Chargeback from the card issuer",
                paydesk.accountDetails().summary(alice).orElseThrow().version());
        paydesk.reviews().setReview(paydesk.systemCaller(), alice, Review.WHITELISTED, "Issuer withdrew the chargeback",
                paydesk.accountDetails().summary(alice).orElseThrow().version());
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainWindow.show(stage, MainScreens.mainViewModel(paydesk, cleo, executor, Locale.US, () -> { }));
    }

    @AfterEach
    void stopBackgroundThreads() {
        executor.shutdown();
    }

    @Test
    void showsAccountsSearchesAndOpensOneByDoubleClickAndByEnter(FxRobot robot) throws Exception {
        TableView<AccountRow> table = robot.lookup(".accounts-table").queryTableView();
        Label statusText = robot.lookup("#statusText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 5
                && statusText.getText().endsWith("~5 participants"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getItems()).extracting(AccountRow::username).containsExactly("alice", "bob", "carol", "dave", "erin");
        assertThat(cellTexts(robot)).contains("alice", "Alice Liddell", "$0.30", "Suspicious", "card_declined");
        assertThat(statusText.getText()).startsWith(paydesk.database().description());
        assertThat(robot.lookup("#signedIn").queryAs(Label.class).getText())
                .isEqualTo("Signed in as cleo (CLERK, APPROVER)");
        assertThat(stage.getTitle()).isEqualTo("Paydesk: cleo");
        assertThat(robot.lookup("#loadDemoData").queryButton().isVisible()).as("demo offer on a full database").isFalse();
        Screenshots.write(stage.getScene(), "accounts.png");
        resize(robot, 800, 500);
        Screenshots.write(stage.getScene(), "accounts-800x500.png");
        resize(robot, 1280, 800);

        robot.clickOn("#searchField").write("ali");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).extracting(AccountRow::username).containsExactly("alice", "dave");
        Screenshots.write(stage.getScene(), "accounts-search.png");

        javafx.scene.Node daveRow = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(row -> row.getItem() instanceof AccountRow account && account.username().equals("dave"))
                .findFirst().orElseThrow();
        // A double click as the row receives it; a robot's two clicks can be read as two single ones on a busy machine.
        robot.interact(() -> Event.fireEvent(daveRow, new MouseEvent(MouseEvent.MOUSE_CLICKED, 10, 10, 10, 10,
                MouseButton.PRIMARY, 2, false, false, false, false, true, false, false, true, false, false, null)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#detailTitle").tryQuery().isPresent()
                && robot.lookup("#detailTitle").queryAs(Label.class).getText().startsWith("dave"));
        assertThat(robot.lookup("#summary-visible-balance").queryAs(Label.class).getText()).isEqualTo("$0.30");

        robot.interact(() -> Event.fireEvent(robot.lookup("#detailTitle").query(), key(KeyCode.ESCAPE)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detailTitle").tryQuery()).as("Escape goes back to the list").isEmpty();

        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().select(0);
            Event.fireEvent(table, key(KeyCode.ENTER));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#detailTitle").tryQuery().isPresent()
                && robot.lookup("#detailTitle").queryAs(Label.class).getText().startsWith("alice")
                && !robot.lookup("#ledgerTable").queryTableView().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#summary-owed").queryAs(Label.class).getText()).isEqualTo("$0.00");
        assertThat(cellTexts(robot)).contains("OPENING_BALANCE", "SETTLE", "PAYOUT", "payday-1-payout-7");
        assertThat(robot.lookup("#tipsReceived").queryTableView().getItems()).extracting(Object::toString)
                .hasSize(2).anySatisfy(tip -> assertThat(tip).contains("counterparty=erin", "amount=12.00"))
                .anySatisfy(tip -> assertThat(tip).contains("counterparty=bob", "amount=30.00"));
        assertThat(robot.lookup("#reviewForm").query().isVisible()).as("cleo is an approver").isTrue();
        assertThat(robot.lookup("#queuePayment").query().isVisible()).as("cleo is a clerk").isTrue();
        Screenshots.write(stage.getScene(), "account-detail.png");
        resize(robot, 800, 500);
        Screenshots.write(stage.getScene(), "account-detail-800x500.png");
    }

    private void resize(FxRobot robot, double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static KeyEvent key(KeyCode code) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false);
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup(".table-cell").<TableCell<?, ?>>queryAllAs(castCell()).stream()
                .map(TableCell::getText).filter(text -> text != null && !text.isEmpty()).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<TableCell<?, ?>> castCell() {
        return (Class) TableCell.class;
    }
}
