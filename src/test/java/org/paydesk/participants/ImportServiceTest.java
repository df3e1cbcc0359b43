package org.paydesk.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

@ExtendWith(DatabaseExtension.class)
class ImportServiceTest {

    private static final String GOOD = """
            {
              "participants": [
                {"username": "Alice", "claimed": true, "review": "WHITELISTED",
                 "balance": "12.50", "card": "card_ok", "bank": "bank_ok"},
                {"username": "bob", "review": "SUSPICIOUS", "card": "card_declined"},
                {"username": "carol", "claimed": false, "display_name": "Carol C.", "balance": 3}
              ],
              "tips": [
                {"tipper": "alice", "tippee": "bob", "amount": "1.00"},
                {"tipper": "bob", "tippee": "carol", "amount": "0.25"},
                {"tipper": "alice", "tippee": "bob", "amount": "2.00"}
              ]
            }""";

    @Test
    void importsParticipantsBalancesAndTipsInFileOrder(Paydesk paydesk) {
        Fixtures.importJson(paydesk, GOOD);

        AccountRow alice = paydesk.participants().findByUsername("alice").orElseThrow();
        assertThat(alice.username()).isEqualTo("Alice");
        assertThat(alice.review()).isEqualTo(Review.WHITELISTED);
        assertThat(alice.claimed()).isTrue();
        assertThat(alice.balance()).isEqualByComparingTo("12.50");
        assertThat(alice.cardToken()).isEqualTo("card_ok");
        assertThat(alice.bankToken()).isEqualTo("bank_ok");

        AccountRow bob = paydesk.participants().findByUsername("bob").orElseThrow();
        assertThat(bob.claimed()).as("claimed defaults to true").isTrue();
        assertThat(bob.balance()).isEqualByComparingTo("0.00");
        assertThat(bob.bankToken()).isNull();

        AccountRow carol = paydesk.participants().findByUsername("carol").orElseThrow();
        assertThat(carol.claimed()).isFalse();
        assertThat(carol.review()).as("review defaults to UNREVIEWED").isEqualTo(Review.UNREVIEWED);
        assertThat(carol.displayName()).isEqualTo("Carol C.");
        assertThat(carol.balance()).isEqualByComparingTo("3.00");

        List<BigDecimal> aliceToBob = paydesk.database().read(c -> {
            var s = c.prepareStatement("select amount from tip where tipper_id = ? and tippee_id = ? order by created_at, id");
            s.setLong(1, alice.id());
            s.setLong(2, bob.id());
            var rs = s.executeQuery();
            List<BigDecimal> amounts = new java.util.ArrayList<>();
            while (rs.next()) {
                amounts.add(rs.getBigDecimal(1));
            }
            return amounts;
        });
        assertThat(aliceToBob).as("tips are created in file order, the last one in force")
                .containsExactly(new BigDecimal("1.00"), new BigDecimal("2.00"));
        // The class shares one database: count only the opening entries of this file's participants.
        List<String> openings = paydesk.database().read(c -> {
            List<String> rows = new java.util.ArrayList<>();
            try (var s = c.prepareStatement("select p.username, x.amount from journal_entry e"
                    + " join posting x on x.entry_id = e.id join participant p on p.id = x.account_id"
                    + " where e.kind = 'OPENING_BALANCE' and p.id in (?, ?, ?) order by p.username")) {
                s.setLong(1, alice.id());
                s.setLong(2, bob.id());
                s.setLong(3, carol.id());
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getBigDecimal(2).toPlainString());
                    }
                }
            }
            return rows;
        });
        assertThat(openings).as("one opening entry per non-zero balance").containsExactly("Alice 12.50", "carol 3.00");
        assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
    }

    static List<Arguments> badFiles() {
        return List.of(
                Arguments.of("malformed JSON", "{\"participants\": [", "not valid JSON at line 1"),
                Arguments.of("not an object", "[1, 2]", "must be a JSON object"),
                Arguments.of("unknown tipper",
                        "{\"participants\": [{\"username\": \"x1\"}], \"tips\": [{\"tipper\": \"nobody\", \"tippee\": \"x1\", \"amount\": \"1.00\"}]}",
                        "tips[0].tipper: unknown participant 'nobody'"),
                Arguments.of("unknown tippee",
                        "{\"participants\": [{\"username\": \"x1\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"ghost\", \"amount\": \"1.00\"}]}",
                        "tips[0].tippee: unknown participant 'ghost'"),
                Arguments.of("duplicate username in the file",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"X1\"}]}",
                        "participants[1].username: 'X1' is a duplicate of participants[0]"),
                Arguments.of("negative balance",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": \"-1.00\"}]}",
                        "participants[0].balance: '-1.00' is negative"),
                Arguments.of("three-decimal balance",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": \"1.005\"}]}",
                        "participants[0].balance: '1.005' has more than two decimals"),
                Arguments.of("three-decimal tip",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"x2\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"x2\", \"amount\": 0.125}]}",
                        "tips[0].amount: '0.125' has more than two decimals"),
                Arguments.of("negative tip",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"x2\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"x2\", \"amount\": \"-1\"}]}",
                        "tips[0].amount: '-1' is negative"),
                Arguments.of("unknown review state",
                        "{\"participants\": [{\"username\": \"x1\", \"review\": \"TRUSTED\"}]}",
                        "participants[0].review: 'TRUSTED' is not one of UNREVIEWED, WHITELISTED, SUSPICIOUS"),
                Arguments.of("unknown card token",
                        "{\"participants\": [{\"username\": \"x1\", \"card\": \"visa\"}]}",
                        "participants[0].card: unknown token 'visa'"),
                Arguments.of("unknown bank token",
                        "{\"participants\": [{\"username\": \"x1\", \"bank\": \"card_ok\"}]}",
                        "participants[0].bank: unknown token 'card_ok'"),
                Arguments.of("misspelt field",
                        "{\"participants\": [{\"username\": \"x1\", \"ballance\": \"1.00\"}]}",
                        "participants[0]: unknown field \"ballance\""),
                Arguments.of("missing username", "{\"participants\": [{\"balance\": \"1.00\"}]}",
                        "participants[0].username: is required"),
                Arguments.of("self tip",
                        "{\"participants\": [{\"username\": \"x1\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"X1\", \"amount\": \"1.00\"}]}",
                        "tips[0]: 'x1' cannot tip themselves"),
                Arguments.of("claimed not a boolean", "{\"participants\": [{\"username\": \"x1\", \"claimed\": \"yes\"}]}",
                        "participants[0].claimed: must be true or false"),
                Arguments.of("amount missing",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"x2\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"x2\"}]}",
                        "tips[0].amount: is required"),
                Arguments.of("duplicate key", "{\"participants\": [{\"username\": \"x1\", \"username\": \"x2\"}]}",
                        "Duplicate field 'username'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsRefusedWithWhereAndWhatAndNothingIsWritten(String name, String json, String expected, Paydesk paydesk) {
        long participantsBefore = count(paydesk, "participant");
        long tipsBefore = count(paydesk, "tip");
        long entriesBefore = count(paydesk, "journal_entry");

        assertThatThrownBy(() -> Fixtures.importJson(paydesk, json))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).fullMessage()).contains(expected));

        assertThat(count(paydesk, "participant")).isEqualTo(participantsBefore);
        assertThat(count(paydesk, "tip")).isEqualTo(tipsBefore);
        assertThat(count(paydesk, "journal_entry")).isEqualTo(entriesBefore);
    }

    @Test
    void aUsernameAlreadyInTheDatabaseIsRefusedAndTheRestOfTheFileIsNotWritten(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"existing\"}]}");
        long before = count(paydesk, "participant");
        assertThatThrownBy(() -> Fixtures.importJson(paydesk,
                "{\"participants\": [{\"username\": \"fresh\"}, {\"username\": \"EXISTING\"}]}"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).fullMessage())
                        .contains("participants[1].username: 'EXISTING' already exists in the database"));
        assertThat(count(paydesk, "participant")).isEqualTo(before);
        assertThat(paydesk.participants().findByUsername("fresh")).isEmpty();
    }

    @Test
    void allProblemsOfAFileAreListedAtOnce(Paydesk paydesk) {
        assertThatThrownBy(() -> Fixtures.importJson(paydesk,
                "{\"participants\": [{\"username\": \"a b\"}, {\"username\": \"ok\", \"balance\": \"x\"}]}"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> {
                    ImportException ie = (ImportException) e;
                    assertThat(ie.summary()).contains("2 problems").contains("nothing was written");
                    assertThat(ie.problems()).hasSize(2);
                });
        assertThat(paydesk.participants().findByUsername("ok")).as("nothing was written").isEmpty();
    }

    @Test
    void tipsMayNameParticipantsAlreadyInTheDatabase(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"earlier\"}]}");
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"later\"}],"
                + " \"tips\": [{\"tipper\": \"later\", \"tippee\": \"earlier\", \"amount\": \"5.00\"}]}");
        long tips = paydesk.database().read(c -> Fixtures.count(c, "select count(*) from tip t join participant p"
                + " on p.id = t.tippee_id where p.username = 'earlier'"));
        assertThat(tips).isEqualTo(1);
    }

    @Test
    void aMissingFileIsReported(Paydesk paydesk, @TempDir Path dir) {
        assertThatThrownBy(() -> paydesk.importer().importFile(dir.resolve("nope.json"), paydesk.systemStaffId()))
                .isInstanceOf(ImportException.class).hasMessageContaining("no such file");
        Path empty = dir.resolve("empty.json");
        assertThatThrownBy(() -> {
            Files.writeString(empty, "");
            paydesk.importer().importFile(empty, paydesk.systemStaffId());
        }).isInstanceOf(ImportException.class).hasMessageContaining("must be a JSON object");
    }

    @Test
    void problemsOnlyTheDatabaseShowsAreListedWithTheFilesOwnAndTheListIsCapped(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"taken\"}]}");
        StringBuilder many = new StringBuilder("{\"participants\": [{\"username\": \"Taken\", \"balance\": \"1.001\"}");
        for (int i = 0; i < 60; i++) {
            many.append(", {\"username\": \"p").append(i).append("\", \"card\": \"card_gold\"}");
        }
        many.append("], \"tips\": [{\"tipper\": \"p1\", \"tippee\": \"ghost\", \"amount\": \"1.00\"}]}");
        assertThatThrownBy(() -> Fixtures.importJson(paydesk, many.toString()))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> {
                    ImportException ie = (ImportException) e;
                    // 1 balance + 60 cards + 1 existing username + 1 unknown tippee
                    assertThat(ie.summary()).contains("63 problems, the first 50 listed");
                    assertThat(ie.problems()).hasSize(50).first().asString().startsWith("participants[0].balance:");
                });
        assertThatThrownBy(() -> Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"Taken\", \"balance\": \"1.001\"},"
                + " {\"username\": \"new_one\", \"review\": \"vip\"}], \"tips\": [{\"tipper\": \"new_one\", \"tippee\": \"ghost\","
                + " \"amount\": \"1.00\"}]}"))
                .satisfies(e -> assertThat(((ImportException) e).problems()).containsExactly(
                        "participants[0].balance: '1.001' has more than two decimals",
                        "participants[1].review: 'vip' is not one of UNREVIEWED, WHITELISTED, SUSPICIOUS",
                        "participants[0].username: 'Taken' already exists in the database",
                        "tips[0].tippee: unknown participant 'ghost'"));
    }

    private static long count(Paydesk paydesk, String table) {
        return paydesk.database().read(c -> Fixtures.count(c, "select count(*) from " + table));
    }
}
