package org.paydesk.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.app.Paydesk;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.participants.ExportService;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.queue.PaymentKind;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** Issue 13 §4 / DESIGN §11: back up, change, restore: the data and the checks equal the backup's state. */
class BackupRestoreTest {

    @TempDir
    Path dir;

    private static final String PLATFORM = """
            {"participants": [
              {"username": "alice", "review": "WHITELISTED", "balance": "40.00", "card": "card_ok", "bank": "bank_ok"},
              {"username": "bob", "review": "WHITELISTED", "balance": "5.00", "bank": "bank_ok"}],
             "tips": [{"tipper": "alice", "tippee": "bob", "amount": "3.00"}]}""";

    /** What a restore must bring back: every account's figures and the number of rows of each kind. */
    private static String state(Paydesk paydesk) throws Exception {
        ByteArrayOutputStream accounts = new ByteArrayOutputStream();
        paydesk.exporter().exportAccounts(ExportService.Format.CSV, accounts);
        String counts = paydesk.database().read(c -> "entries " + Fixtures.count(c, "select count(*) from journal_entry")
                + ", postings " + Fixtures.count(c, "select count(*) from posting")
                + ", tips " + Fixtures.count(c, "select count(*) from tip")
                + ", queued " + Fixtures.count(c, "select count(*) from queued_payment")
                + ", paydays " + Fixtures.count(c, "select count(*) from payday")
                + ", audit " + Fixtures.count(c, "select count(*) from audit_log")
                + ", clearing " + Fixtures.count(c, "select (committed * 100)::bigint from account where kind = 'GATEWAY_CLEARING'"));
        return accounts.toString(java.nio.charset.StandardCharsets.UTF_8) + counts;
    }

    @Test
    void aRestoreBringsBackTheBackupsStateAndTheChecksPass() throws Exception {
        DatabaseConfig db = TestDatabases.freshConfig();
        try (Paydesk paydesk = Paydesk.wrap(Database.open(db))) {
            Fixtures.importJson(paydesk, PLATFORM);
            paydesk.queue().add(paydesk.systemCaller(), PaymentKind.CREDIT, "bob", new BigDecimal("2.50"), "goodwill", null);
            paydesk.queue().processQueued(paydesk.systemCaller());
            String before = state(paydesk);

            BackupService.BackupInfo backup = paydesk.backups().backup(dir.resolve("b.zip"));
            assertThat(backup.bytes()).isPositive();
            assertThat(backup.rows()).isPositive();

            // Change everything a restore must undo: new participants, ledger entries, a payday.
            Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"carol\", \"balance\": \"9.00\"}]}");
            paydesk.queue().add(paydesk.systemCaller(), PaymentKind.DEBIT, "alice", new BigDecimal("10.00"), "fee", null);
            paydesk.queue().processQueued(paydesk.systemCaller());
            paydesk.payday().run(new PaydayRunner.Options(paydesk.systemCaller(), "test-host", true, 3, 2),
                    PaydayListener.NONE, () -> false);
            assertThat(state(paydesk)).isNotEqualTo(before);

            BackupService.BackupInfo restored = paydesk.backups().restore(backup.file());

            assertThat(restored.rows()).isEqualTo(backup.rows());
            assertThat(state(paydesk)).isEqualTo(before);
            assertThat(paydesk.participants().findByUsername("carol")).isEmpty();
            List<CheckResult> checks = paydesk.checker().runAll();
            assertThat(checks).allMatch(CheckResult::ok);
            // The sequences moved back with the rows, and the restored data takes new work as before.
            Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"carol\", \"balance\": \"9.00\"}]}");
            assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aRestoreWhileAnotherProcessUsesTheDatabaseIsRefusedAndChangesNothing() throws Exception {
        DatabaseConfig db = TestDatabases.freshConfig();
        try (Paydesk paydesk = Paydesk.wrap(Database.open(db))) {
            Fixtures.importJson(paydesk, PLATFORM);
            Path file = paydesk.backups().backup(dir.resolve("b.zip")).file();
            Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"carol\"}]}");
            String before = state(paydesk);

            Properties other = new Properties();
            other.setProperty("user", db.user());
            other.setProperty("password", db.password() == null ? "" : db.password());
            other.setProperty("ApplicationName", "paydesk 999999");
            try (Connection gui = DriverManager.getConnection(db.jdbcUrl(), other)) {
                assertThat(gui.isValid(5)).isTrue();
                assertThatThrownBy(() -> paydesk.backups().restore(file))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another process is using this database (paydesk 999999)")
                        .hasMessageContaining("nothing was changed");
            }
            assertThat(state(paydesk)).isEqualTo(before);
        }
    }

    @Test
    void beforeEachPaydayABackupIsMadeAndOnlyTheLastFewAreKept() throws Exception {
        DatabaseConfig db = TestDatabases.freshConfig();
        try (Paydesk paydesk = Paydesk.wrap(Database.open(db))) {
            Fixtures.importJson(paydesk, PLATFORM);
            Path folder = dir.resolve("backups");
            paydesk.backUpBeforePaydaysInto(folder);
            paydesk.payday().run(new PaydayRunner.Options(paydesk.systemCaller(), "test-host", true, 3, 2),
                    PaydayListener.NONE, () -> false);
            List<BackupService.BackupInfo> made = BackupService.list(folder);
            assertThat(made).singleElement().satisfies(b -> {
                assertThat(b.file().getFileName().toString()).endsWith("-before-payday.zip");
                assertThat(b.bytes()).isPositive();
            });
            for (int i = 0; i < BackupService.KEEP + 2; i++) {
                paydesk.backups().backupInto(folder, "on-demand");
            }
            assertThat(BackupService.list(folder)).hasSize(BackupService.KEEP)
                    .noneMatch(b -> b.file().getFileName().toString().endsWith("-before-payday.zip"));
            try (var left = Files.list(folder)) {
                assertThat(left).noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
            }
        }
    }

    @Test
    void aFileThatIsNotABackupIsRefusedInWords() throws Exception {
        DatabaseConfig db = TestDatabases.freshConfig();
        try (Paydesk paydesk = Paydesk.wrap(Database.open(db))) {
            Path notABackup = Files.writeString(dir.resolve("x.zip"), "hello");
            assertThatThrownBy(() -> paydesk.backups().restore(notABackup))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a Paydesk backup");
        }
    }
}
