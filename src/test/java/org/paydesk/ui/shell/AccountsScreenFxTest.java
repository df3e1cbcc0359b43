package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.participants.AccountRow;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.MainScreens;
import org.paydesk.ui.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real shell on a real database: the imported accounts show up, formatted, and search filters them. */
@ExtendWith({DatabaseExtension.class, ApplicationExtension.class})
class AccountsScreenFxTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static Paydesk paydesk;
    private static Caller cleo;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Stage stage;

    @BeforeAll
    static void importAccounts(Paydesk opened) {
        paydesk = opened;
        String json = """
                {"participants": [
                  {"username": "alice", "display_name": "Alice Liddell", "review": "WHITELISTED",
                   "balance": "1234.50", "card": "card_ok", "bank": "bank_ok"},
                  {"username": "bob", "display_name": "Bob Builder", "balance": "9.32", "card": "card_declined"},
                  {"username": "carol", "claimed": false},
                  {"username": "dave", "display_name": "Dave Alison", "review": "SUSPICIOUS", "balance": "0.30"}
                ]}""";
        paydesk.importer().importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gui.json",
                paydesk.systemStaffId());
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        paydesk.staff().add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), "cleo long password".toCharArray());
        cleo = paydesk.staff().signIn("cleo", "cleo long password".toCharArray());
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
    void showsImportedAccountsWithFormattedBalancesAndSearchFilters(FxRobot robot) throws Exception {
        TableView<AccountRow> table = robot.lookup(".accounts-table").queryTableView();
        Label statusBar = robot.lookup("#statusText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 4
                && statusBar.getText().endsWith("~4 participants"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getItems()).extracting(AccountRow::username).containsExactly("alice", "bob", "carol", "dave");
        assertThat(cellTexts(robot)).contains("alice", "Alice Liddell", "$1,234.50", "$9.32", "$0.30", "$0.00",
                "Whitelisted", "card_declined");
        assertThat(statusBar.getText()).startsWith(paydesk.database().description());
        assertThat(robot.lookup("#signedIn").queryAs(Label.class).getText()).isEqualTo("Signed in as cleo (CLERK)");
        assertThat(stage.getTitle()).isEqualTo("Paydesk: cleo");
        assertThat(robot.lookup("#loadDemoData").queryButton().isVisible()).as("demo offer on a full database").isFalse();
        snapshot("accounts.png");

        robot.clickOn("#searchField").write("ali");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getItems()).extracting(AccountRow::username).containsExactly("alice", "dave");
        assertThat(cellTexts(robot)).contains("Dave Alison").doesNotContain("bob", "$9.32");
        snapshot("accounts-search.png");
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup(".table-cell").<TableCell<?, ?>>queryAllAs(castCell()).stream()
                .map(TableCell::getText).filter(text -> text != null && !text.isEmpty()).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<TableCell<?, ?>> castCell() {
        return (Class) TableCell.class;
    }

    private void snapshot(String name) throws IOException, ExecutionException, InterruptedException, TimeoutException {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null))
                .get(10, TimeUnit.SECONDS);
        Files.createDirectories(SCREENSHOTS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", SCREENSHOTS.resolve(name).toFile());
    }
}
