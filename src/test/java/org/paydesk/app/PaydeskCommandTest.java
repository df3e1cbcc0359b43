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
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--data-dir", dir.toString()));
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
        Run check = runRaw(Map.of("PAYDESK_DB_URL", own.jdbcUrl(), "PAYDESK_DB_USER", own.user()),
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
    void settingsAreListedAndChangedOneAtATimeWithAnAuditRow() throws Exception {
        Run table = run("settings", "list");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("(?m)^key +value +updated$").containsPattern("(?m)^charge\\.minimum +9\\.32 ");

        Run set = run("settings", "set", "gateway.sandbox_latency_ms", "100");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("Set gateway.sandbox_latency_ms = 100");
        JsonNode all = new ObjectMapper().readTree(run("settings", "list", "--json").out());
        assertThat(all.findValuesAsText("key")).contains("currency", "gateway.sandbox_latency_ms");
        for (JsonNode setting : all) {
            if (setting.get("key").asText().equals("gateway.sandbox_latency_ms")) {
                assertThat(setting.get("value").asText()).isEqualTo("100");
            }
        }
        try (Database database = Database.open(db)) {
            String audited = database.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("select s.username || ' ' || (a.before ->> 'value')"
                        + " || '->' || (a.after ->> 'value') || ' ' || (a.os_user is not null) from audit_log a"
                        + " join staff s on s.id = a.staff_id where a.action = 'settings.update'"
                        + " and a.target_id = 'gateway.sandbox_latency_ms'")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(audited).isEqualTo("system 0->100 true");
        }

        Run bad = run("settings", "set", "gateway.sandbox_latency_ms", "fast");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("setting 'gateway.sandbox_latency_ms' = 'fast' is not a whole number of 0 or more")
                .doesNotContain("Exception");
        Run unknown = run("settings", "set", "colour", "blue");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("there is no setting 'colour'");
        Run fees = run("settings", "set", "payout.minimum", "0.10");
        assertThat(fees.exitCode()).isEqualTo(1);
        assertThat(fees.err()).contains("minimum payout (0.10) must be larger than the payout fee (0.30)");
        assertThat(run("settings", "list").out()).containsPattern("(?m)^gateway\\.sandbox_latency_ms +100 ")
                .containsPattern("(?m)^payout\\.minimum +10\\.00 ");
    }

    @Test
    void theAuditLogIsListedNewestFirstFilteredAndPaged() throws Exception {
        assertThat(run("settings", "set", "owed.expiry_weeks", "5").exitCode()).isZero();
        assertThat(run("settings", "set", "owed.expiry_weeks", "4").exitCode()).isZero();

        Run json = run("audit", "list", "--action", "settings", "--staff", "SYSTEM", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.out());
        List<JsonNode> expiry = new ArrayList<>();
        rows.forEach(r -> {
            assertThat(r.get("action").asText()).startsWith("settings.");
            assertThat(r.get("staff").asText()).isEqualTo("system");
            if (r.get("target_id").asText().equals("owed.expiry_weeks")) {
                expiry.add(r);
            }
        });
        assertThat(expiry).hasSizeGreaterThanOrEqualTo(2);
        assertThat(expiry.get(0).get("id").asLong()).as("newest first").isGreaterThan(expiry.get(1).get("id").asLong());
        assertThat(expiry.get(0).get("before").get("value").asText()).isEqualTo("5");
        assertThat(expiry.get(0).get("after").get("value").asText()).isEqualTo("4");
        assertThat(expiry.get(0).get("os_user").isNull()).isFalse();

        Run table = run("audit", "list", "--action", "settings.update", "--limit", "1");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("(?m)^ *id +at \\(UTC\\) +staff +os user@host +action +target +change +detail$")
                .contains("settings.update", "setting owed.expiry_weeks", "value: 5 -> 4")
                .contains("1 rows shown; older ones: --before " + expiry.get(0).get("id").asLong());
        Run older = run("audit", "list", "--action", "settings.update", "--limit", "1", "--before",
                expiry.get(0).get("id").asText(), "--json");
        assertThat(new ObjectMapper().readTree(older.out()).get(0).get("id").asLong()).isEqualTo(expiry.get(1).get("id").asLong());

        Run future = run("audit", "list", "--since", "2999-01-01");
        assertThat(future.exitCode()).isZero();
        assertThat(future.out()).isEqualTo("No audit rows match." + System.lineSeparator());
        Run today = run("audit", "list", "--since", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1) + "T00:00",
                "--action", "settings", "--json");
        assertThat(new ObjectMapper().readTree(today.out()).size()).isGreaterThanOrEqualTo(2);

        Run badDate = run("audit", "list", "--since", "yesterday");
        assertThat(badDate.exitCode()).isEqualTo(2);
        assertThat(badDate.err()).contains("--since").contains("'yesterday' is not a day (2026-11-20)");
        Run nobody = run("audit", "list", "--staff", "nobody_here");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("there is no staff member 'nobody_here'");
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
