package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.TestDatabases;

/** The headless contract of DESIGN §10, run in-process against a real database. */
class PaydeskCommandTest {

    @TempDir
    static Path dir;
    private static DatabaseConfig db;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void database() {
        db = TestDatabases.freshConfig();
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                "--data-dir", dir.toString()));
        return runRaw(Map.of(), all.toArray(String[]::new));
    }

    private static Run runRaw(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void importThenExportThenCheck() throws Exception {
        Path good = file("good.json", """
                {"participants": [
                  {"username": "cli_alice", "review": "WHITELISTED", "balance": "7.00", "card": "card_ok"},
                  {"username": "cli_bob"}],
                 "tips": [{"tipper": "cli_alice", "tippee": "cli_bob", "amount": "1.50"}]}""");
        Run imported = run("import", good.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 2 participants and 1 tips");

        Run json = run("export", "accounts", "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.out());
        JsonNode alice = null;
        for (JsonNode row : rows) {
            if (row.get("username").asText().equals("cli_alice")) {
                alice = row;
            }
        }
        assertThat(alice).isNotNull();
        assertThat(alice.get("balance").asText()).isEqualTo("7.00");

        Run csv = run("export", "accounts", "--format", "csv", "--output", dir.resolve("accounts.csv").toString());
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(Files.readString(dir.resolve("accounts.csv")))
                .startsWith("username,review,balance,owed,pending,last_charge_result,last_payout_result")
                .contains("cli_alice,WHITELISTED,7.00,0.00,0.00,,");

        Run check = run("check");
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("ok      every journal entry sums to zero").contains("All checks passed.");
    }

    @Test
    void aBadImportFileExitsNonZeroNamingEntryAndField() throws Exception {
        Path bad = file("bad.json", "{\"participants\": [{\"username\": \"cli_zed\", \"balance\": \"1.001\"}]}");
        Run run = run("import", bad.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nothing was written").contains("participants[0].balance: '1.001' has more than two decimals");

        Run missing = run("import", dir.resolve("missing.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("missing.json: no such file");
    }

    @Test
    void checkFailsOnACorruptedCachedBalance() throws Exception {
        DatabaseConfig own = TestDatabases.freshConfig();
        try (Database database = Database.open(own)) {
            database.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.executeUpdate("update account set committed = 5 where kind = 'PLATFORM_FEES'");
                }
                return null;
            });
        }
        Run check = runRaw(Map.of("PAYDESK_DB_URL", own.jdbcUrl(), "PAYDESK_DB_USER", own.user(),
                        "PAYDESK_DB_PASSWORD", own.password()),
                "check", "--data-dir", dir.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("FAILED  cached balances equal ledger sums: PLATFORM_FEES").contains("Some checks FAILED.");
    }

    @Test
    void badArgumentsGetAClearMessage() {
        Run format = run("export", "accounts", "--format", "xml");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format must be json or csv, got 'xml'");

        Run count = run("demo", "--participants", "0");
        assertThat(count.exitCode()).isEqualTo(1);
        assertThat(count.err()).contains("--participants must be between 1 and");

        Run notANumber = run("demo", "--participants", "many");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--participants").contains("many");

        Run unknown = runRaw(Map.of(), "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");

        Run url = runRaw(Map.of(), "check", "--db-url", "mysql://localhost/x", "--data-dir", dir.toString());
        assertThat(url.exitCode()).isEqualTo(1);
        assertThat(url.err()).contains("database URL must start with jdbc:postgresql:");
    }

    @Test
    void anUnreachableServerIsReportedWithoutAStackTrace() {
        Run run = runRaw(Map.of(), "check", "--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot connect to the database at jdbc:postgresql://127.0.0.1:1/none")
                .doesNotContain("\tat ");
    }

    @Test
    void helpAndVersion() {
        Run help = runRaw(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("migrate", "import", "export", "check", "demo", "--db-url", "--data-dir");
        Run version = runRaw(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Paydesk ");
    }

    @Test
    void theDataFolderComesFromTheOptionThenTheEnvironmentThenThePlatform() {
        assertThat(DataDirectories.userDataDir(Map.of(), "Linux", "/home/ann")).isEqualTo(Path.of("/home/ann/.local/share/paydesk"));
        assertThat(DataDirectories.userDataDir(Map.of("XDG_DATA_HOME", "/data"), "Linux", "/home/ann")).isEqualTo(Path.of("/data/paydesk"));
        assertThat(DataDirectories.userDataDir(Map.of(), "Mac OS X", "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/Paydesk"));
        PaydeskCommand command = new PaydeskCommand();
        command.dataDir = Path.of("/explicit");
        assertThat(command.resolvedDataDir()).isEqualTo(Path.of("/explicit"));
    }
}
