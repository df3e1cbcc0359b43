package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
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
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.TestDatabases;

/**
 * {@code refund request | list | approve | reject} and {@code review set} in-process on a real database:
 * four eyes holds on the command line (a decision needs {@code --as STAFF} with that person's password,
 * and the requester is refused).
 */
class RefundCommandTest {

    private static final String APRIL = "april's long password";
    private static final String ARNO = "arno's long password";

    @TempDir
    static Path dir;
    private static DatabaseConfig db;
    private static long payday;

    record Run(int exitCode, String out, String err) {
    }

    /** Runs a command with {@code stdin} as standard input (the password, when one is asked for). */
    private static Run run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                "--data-dir", dir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(all.toArray(String[]::new),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run ok(String stdin, String... args) {
        Run run = run(stdin, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    /** alice (card) tips bob 4.00 a week; one payday moves it; april and arno are approvers. */
    @BeforeAll
    static void platform() throws Exception {
        db = TestDatabases.freshConfig();
        Path file = Files.writeString(dir.resolve("platform.json"), """
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "bob", "review": "WHITELISTED"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "4.00"}]}""");
        ok("", "import", file.toString());
        ok(APRIL + "\n", "staff", "add", "april", "--role", "APPROVER,CLERK");
        ok(ARNO + "\n", "staff", "add", "arno", "--role", "APPROVER");
        payday = new ObjectMapper().readTree(ok("", "payday", "run", "--json").out()).get("id").asLong();
    }

    private static JsonNode refund(long id) throws Exception {
        for (JsonNode row : new ObjectMapper().readTree(ok("", "refund", "list", "--json").out())) {
            if (row.get("id").asLong() == id) {
                return row;
            }
        }
        throw new AssertionError("refund #" + id + " is not listed");
    }

    private static long requested(Run run) {
        String out = run.out();
        int at = out.indexOf("Requested refund #") + "Requested refund #".length();
        return Long.parseLong(out.substring(at, out.indexOf(' ', at)));
    }

    @Test
    void theSystemRequestsAndAnotherStaffMemberApprovesWithTheirPassword() throws Exception {
        long id = requested(ok("", "refund", "request", "--participant", "alice", "--tippee", "bob",
                "--paydays", Long.toString(payday), "--reason", "pledged twice by mistake"));
        JsonNode asked = refund(id);
        assertThat(asked.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(asked.get("amount").asText()).isEqualTo("4.00");
        assertThat(asked.get("requested_by").asText()).isEqualTo("system");

        Run anonymous = run("", "refund", "approve", Long.toString(id), "--note", "fine");
        assertThat(anonymous.exitCode()).isEqualTo(2);
        assertThat(anonymous.err()).contains("--as STAFF").contains("four eyes");

        Run wrongPassword = run("not arno's password\n", "refund", "approve", Long.toString(id), "--note", "fine", "--as", "arno");
        assertThat(wrongPassword.exitCode()).isEqualTo(1);
        assertThat(wrongPassword.err()).contains("wrong username or password");
        assertThat(refund(id).get("status").asText()).isEqualTo("REQUESTED");

        Run approved = ok(ARNO + "\n", "refund", "approve", Long.toString(id), "--note", "statement checked", "--as", "arno");
        assertThat(approved.out()).contains("Approved refund #" + id);
        ok("", "queue", "process");

        JsonNode done = refund(id);
        assertThat(done.get("status").asText()).isEqualTo("EXECUTED");
        assertThat(done.get("decided_by").asText()).isEqualTo("arno");
        assertThat(done.get("decision_note").asText()).isEqualTo("statement checked");
        assertThat(done.get("executed_by_payday").isNull()).as("executed by the queue, not a payday").isTrue();
        List<String> executed = ok("", "refund", "list", "--status", "executed").out().lines().skip(1).toList();
        assertThat(executed).isNotEmpty().allMatch(line -> line.contains(" EXECUTED "));
        assertThat(executed).anyMatch(line -> line.startsWith(id + " ") && line.contains("executed by the queue"));
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequestButCanBeRejectedByAnother() throws Exception {
        long id = requested(ok(APRIL + "\n", "refund", "request", "--participant", "alice", "--full",
                "--reason", "closing the account", "--as", "april"));
        assertThat(refund(id).get("requested_by").asText()).isEqualTo("april");

        Run own = run(APRIL + "\n", "refund", "approve", Long.toString(id), "--note", "mine", "--as", "april");
        assertThat(own.exitCode()).isEqualTo(1);
        assertThat(own.err()).contains("april requested refund #" + id + " and so cannot decide on it");
        assertThat(refund(id).get("status").asText()).isEqualTo("REQUESTED");

        ok(ARNO + "\n", "refund", "reject", Long.toString(id), "--note", "she still tips", "--as", "arno");
        assertThat(refund(id).get("status").asText()).isEqualTo("REJECTED");
        assertThat(ok("", "refund", "list", "--status", "REJECTED").out()).contains("REJECTED")
                .contains("note: she still tips");
    }

    @Test
    void badRefundArgumentsAreNamed() {
        Run both = run("", "refund", "request", "--participant", "alice", "--full", "--tippee", "bob", "--paydays", "1",
                "--reason", "x");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        Run status = run("", "refund", "list", "--status", "pending");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("--status must be REQUESTED, APPROVED, REJECTED, EXECUTED or FAILED, got 'pending'");

        Run nothingMoved = run("", "refund", "request", "--participant", "bob", "--tippee", "alice", "--paydays",
                Long.toString(payday), "--reason", "x");
        assertThat(nothingMoved.exitCode()).isEqualTo(1);
        assertThat(nothingMoved.err()).contains("bob transferred nothing to alice");
    }

    @Test
    void reviewSetChangesTheStateWithAReason() throws Exception {
        ok("", "review", "set", "bob", "suspicious", "--reason", "chargeback pattern");
        JsonNode accounts = new ObjectMapper().readTree(ok("", "export", "accounts").out());
        String review = null;
        for (JsonNode row : accounts) {
            if (row.get("username").asText().equals("bob")) {
                review = row.get("review").asText();
            }
        }
        assertThat(review).isEqualTo("SUSPICIOUS");

        Run state = run("", "review", "set", "bob", "trusted", "--reason", "x");
        assertThat(state.exitCode()).isEqualTo(2);
        assertThat(state.err()).contains("STATE must be UNREVIEWED, WHITELISTED or SUSPICIOUS, got 'trusted'");

        Run unknown = run("", "review", "set", "nobody_here", "WHITELISTED", "--reason", "x");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no participant named 'nobody_here'");
        ok("", "review", "set", "bob", "WHITELISTED", "--reason", "cleared");
    }
}
