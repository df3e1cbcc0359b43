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
    void importReportsEveryProblemOfAFileInOneRunAndTakesEnumeratedValuesInAnyCase() throws Exception {
        assertThat(run("import", file("first.json", "{\"participants\": [{\"username\": \"cli_first\"}]}").toString())
                .exitCode()).isZero();
        Path bad = file("four.json", """
                {"participants": [
                  {"username": "cli_dec", "balance": "1.001"},
                  {"username": "cli_card", "card": "card_gold"},
                  {"username": "CLI_FIRST"},
                  {"username": "cli_ok", "review": "whitelisted"}],
                 "tips": [{"tipper": "cli_ok", "tippee": "cli_nobody", "amount": "1.00"}]}""");
        Run run = run("import", bad.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("four.json was not imported (nothing was written): 4 problems")
                .contains("participants[0].balance: '1.001' has more than two decimals")
                .contains("participants[1].card: unknown token 'card_gold'")
                .contains("participants[2].username: 'CLI_FIRST' already exists in the database")
                .contains("tips[0].tippee: unknown participant 'cli_nobody'")
                .doesNotContain("review");

        Path good = file("lower.json", "{\"participants\": [{\"username\": \"cli_lower\", \"review\": \"whitelisted\"}]}");
        assertThat(run("import", good.toString()).exitCode()).isZero();
        assertThat(run("export", "accounts", "--format", "CSV").out()).contains("cli_lower,WHITELISTED,");
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
        assertThat(version.out().lines().filter(line -> line.startsWith("Paydesk ")).count()).as("printed once").isEqualTo(1);
        assertThat(help.out().lines().filter(line -> line.startsWith("Usage: paydesk")).count()).as("printed once").isEqualTo(1);
    }

    @Test
    void helpVersionAndTheHelpCommandPrintOnce() {
        Run help = runRaw(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(occurrences(help.out(), "Usage: paydesk ")).isEqualTo(1);
        Run version = runRaw(Map.of(), "--version");
        assertThat(occurrences(version.out(), "Paydesk ")).isEqualTo(1);
        Run helpPayday = runRaw(Map.of(), "help", "payday");
        assertThat(helpPayday.exitCode()).isZero();
        assertThat(occurrences(helpPayday.out(), "Usage: paydesk payday ")).isEqualTo(1);
    }

    @Test
    void everyCommandAndSubcommandTakesHelpAndExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collectPaths(new picocli.CommandLine(new PaydeskCommand()), new ArrayList<>(), paths);
        assertThat(paths).contains(List.of("payday", "run"), List.of("queue", "add"), List.of("settings", "set"),
                List.of("audit", "list"));
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run run = runRaw(Map.of(), args.toArray(String[]::new));
            String expected = "Usage: paydesk " + String.join(" ", path) + " ";
            assertThat(run.exitCode()).as(path + ": " + run.err()).isZero();
            assertThat(occurrences(run.out(), expected)).as(path + ": " + run.out()).isEqualTo(1);
            Run viaHelp = runRaw(Map.of(), concat(List.of("help"), path));
            assertThat(viaHelp.exitCode()).as("help " + path + ": " + viaHelp.err()).isZero();
            assertThat(occurrences(viaHelp.out(), expected)).as("help " + path).isEqualTo(1);
        }
        Run runHelp = runRaw(Map.of(), "help", "payday", "run");
        assertThat(runHelp.out()).contains("--force").doesNotContain("Commands:");
        Run unknown = runRaw(Map.of(), "help", "payday", "sing");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'payday sing'; commands of payday: preview, run, show, list");
    }

    private static void collectPaths(picocli.CommandLine line, List<String> path, List<List<String>> into) {
        for (var sub : line.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().helpCommand()) {
                continue;
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            into.add(next);
            collectPaths(sub.getValue(), next, into);
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void paydayListIsAnAlignedTableOrOneSentenceAndEveryListHasJson() throws Exception {
        DatabaseConfig own = TestDatabases.freshConfig();
        Map<String, String> env = Map.of("PAYDESK_DB_URL", own.jdbcUrl(), "PAYDESK_DB_USER", own.user(),
                "PAYDESK_DB_PASSWORD", own.password());
        Run none = runRaw(env, "payday", "list", "--data-dir", dir.toString());
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).isEqualTo("No payday has run yet." + System.lineSeparator());
        assertThat(new ObjectMapper().readTree(runRaw(env, "payday", "list", "--json", "--data-dir", dir.toString()).out()))
                .isEmpty();

        Path platform = file("payday.json", """
                {"participants": [
                  {"username": "pl_a", "review": "WHITELISTED", "balance": "123456.78"},
                  {"username": "pl_b", "review": "WHITELISTED", "bank": "bank_ok"}],
                 "tips": [{"tipper": "pl_a", "tippee": "pl_b", "amount": "987.65"}]}""");
        Run imported = runRaw(env, "import", platform.toString(), "--data-dir", dir.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Run preview = runRaw(env, "payday", "preview", "--json", "--data-dir", dir.toString());
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        JsonNode figures = new ObjectMapper().readTree(preview.out());
        assertThat(figures.get("transfers").asLong()).isEqualTo(1);
        assertThat(figures.get("transfer_volume").asText()).isEqualTo("987.65");
        assertThat(figures.get("payouts").asLong()).isEqualTo(1);
        assertThat(figures.get("payout_volume").asText()).isEqualTo("987.35");
        assertThat(figures.get("refused").isNull()).isTrue();
        assertThat(runRaw(env, "payday", "preview", "--data-dir", dir.toString()).out())
                .contains("Transfers: 1 for 987.65 from 1 tippers").contains("It may start now.");
        Run payday = runRaw(env, "payday", "run", "--data-dir", dir.toString());
        assertThat(payday.exitCode()).as(payday.err()).isZero();
        assertThat(runRaw(env, "payday", "preview", "--data-dir", dir.toString()).out())
                .as("the 6-day rule, in words").contains("Refused now: The last payday (#1) started at");

        Run table = runRaw(env, "payday", "list", "--data-dir", dir.toString());
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).containsPattern("^id +started \\(UTC\\) +state +transfers +volume +payouts +errors$");
        assertThat(lines.get(2)).containsPattern("^ 1 +\\S+ +closed +1 +987\\.65 +1 +0$");
        for (String column : List.of("transfers", "volume", "payouts", "errors")) {
            int end = lines.get(0).indexOf(column) + column.length();
            assertThat(lines.get(2).charAt(end - 1)).as(column + " lines up with its values").isNotEqualTo(' ');
            assertThat(end == lines.get(2).length() || lines.get(2).charAt(end) == ' ').as(column).isTrue();
        }
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSameSizeAs(lines.get(0)));

        JsonNode paydays = new ObjectMapper().readTree(runRaw(env, "payday", "list", "--json", "--data-dir", dir.toString()).out());
        assertThat(paydays.get(0).get("state").asText()).isEqualTo("closed");
        assertThat(paydays.get(0).get("stats").get("transfer_volume").asText()).isEqualTo("987.65");
        JsonNode staff = new ObjectMapper().readTree(runRaw(env, "staff", "list", "--json", "--data-dir", dir.toString()).out());
        assertThat(staff.get(0).get("username").asText()).isEqualTo("system");
        assertThat(staff.get(0).get("roles")).hasSize(4);
        Run staffTable = runRaw(env, "staff", "list", "--data-dir", dir.toString());
        assertThat(staffTable.out()).containsPattern("(?m)^username +display name +roles +state$")
                .containsPattern("(?m)^system +System \\(command line\\) +ADMIN, APPROVER, CLERK, OPERATOR +built in$");
    }

    @Test
    void aRefusedQueueAddUsesUpNoNumberAndEnumeratedValuesTakeAnyCase() throws Exception {
        assertThat(run("import", file("queue.json", "{\"participants\": [{\"username\": \"cli_q\"}]}").toString()).exitCode())
                .isZero();
        Run first = run("queue", "add", "--participant", "cli_q", "--kind", "PAYMENT_IN", "--amount", "10.00",
                "--reason", "cheque", "--ref", "CHQ-1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        long number = Long.parseLong(first.out().replaceAll("(?s).*Queued #(\\d+).*", "$1"));

        Run again = run("queue", "add", "--participant", "cli_q", "--kind", "credit", "--amount", "10.00",
                "--reason", "same cheque", "--ref", "CHQ-1");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("the external reference 'CHQ-1' was already queued as #" + number + " ");
        Run tooMuch = run("queue", "add", "--participant", "cli_q", "--kind", "Debit", "--amount", "99.00", "--reason", "x");
        assertThat(tooMuch.exitCode()).isEqualTo(1);

        Run next = run("queue", "add", "--participant", "cli_q", "--kind", "Credit", "--amount", "1.00", "--reason", "goodwill");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("Queued #" + (number + 1));

        Run done = run("queue", "list", "--status", "done", "--json");
        assertThat(done.exitCode()).as(done.err()).isZero();
        JsonNode items = new ObjectMapper().readTree(done.out());
        assertThat(items.findValuesAsText("number")).contains(Long.toString(number), Long.toString(number + 1));
        assertThat(items.findValuesAsText("status")).containsOnly("DONE");
        Run table = run("queue", "list", "--status", "Done");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("(?m)^ *# +kind +participant +amount +status +reason +error$")
                .containsPattern("(?m)^ *" + (number + 1) + " +CREDIT +cli_q +1\\.00 +DONE +goodwill *$");
        Run bad = run("queue", "list", "--status", "finished");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--status").contains("finished");
    }

    @Test
    void commandsThatNeedNoHibernateDoNotStartIt() {
        try (Paydesk paydesk = Paydesk.open(db)) {
            paydesk.checker().runAll();
            paydesk.settingsStore().list();
            paydesk.paydays().list(5);
            paydesk.queue().list(null, 5);
            paydesk.audit().list(paydesk.systemCaller(), org.paydesk.staff.AuditTrail.Filter.ALL, 5);
            assertThat(paydesk.database().hibernateStarted()).isFalse();
            // The one service on Hibernate starts it on first use, and it validates against the schema.
            assertThat(paydesk.database().sessionFactory().getMetamodel().getEntities()).isNotEmpty();
            assertThat(paydesk.database().hibernateStarted()).isTrue();
        }
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
