package org.paydesk.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.paydesk.db.BulkLoad;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.money.Money;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

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
        long openingEntries = paydesk.database().read(c -> Fixtures.count(c,
                "select count(*) from journal_entry where kind = 'OPENING_BALANCE'"));
        long openingPostings = paydesk.database().read(c -> Fixtures.count(c, "select count(*) from posting p"
                + " join journal_entry e on e.id = p.entry_id join account a on a.id = p.account_id"
                + " where e.kind = 'OPENING_BALANCE' and a.kind = 'PARTICIPANT'"));
        assertThat(openingEntries).as("one entry for the file's chunk").isEqualTo(1);
        assertThat(openingPostings).as("a posting per participant with a balance").isEqualTo(2);
        assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
    }

    /**
     * Each pair's tips keep their file order in their ids, with enough tips for the sort by tipper
     * to be split where there is more than one processor, and for a tipper already in the database.
     */
    @Test
    void tipsOfAPairKeepTheirFileOrderWhenWrittenByTipper(Paydesk paydesk) {
        StringBuilder json = new StringBuilder("{\"participants\": [");
        for (int p = 0; p < 10; p++) {
            json.append(p == 0 ? "" : ", ").append("{\"username\": \"order").append(9 - p).append("\"}");
        }
        json.append("], \"tips\": [");
        for (int k = 0; k < 20_000; k++) {
            int tipper = k % 10;
            json.append(k == 0 ? "" : ", ").append("{\"tipper\": \"order").append(tipper).append("\", \"tippee\": \"order")
                    .append((tipper + 1 + k / 10 % 9) % 10).append("\", \"amount\": \"").append(BigDecimal.valueOf(k / 10 + 1, 2).toPlainString()).append("\"}");
        }
        Fixtures.importJson(paydesk, json.append("]}").toString());
        String ordered = "(select t.* from tip t join participant p on p.id = t.tipper_id where p.username like 'order_') o";

        assertThat((long) paydesk.database().read(c -> Fixtures.count(c, "select count(*) from " + ordered))).isEqualTo(20_000);
        assertThat((long) paydesk.database().read(c -> Fixtures.count(c, "select count(*) from (select amount,"
                + " lag(amount) over (partition by tipper_id, tippee_id order by id) as before from " + ordered + ") t"
                + " where t.before >= t.amount"))).as("a later tip of a pair in the file has a higher id").isZero();
        assertThat((long) paydesk.database().read(c -> Fixtures.count(c, "select count(*) from (select tipper_id,"
                + " lag(tipper_id) over (order by id) as before from " + ordered + ") t where t.before > t.tipper_id")))
                .as("written by tipper").isZero();

        // A second file: a participant of the first tips the same new one three times, among other tips.
        Fixtures.importJson(paydesk, """
                {"participants": [{"username": "later0"}, {"username": "later1"}],
                 "tips": [{"tipper": "order3", "tippee": "later0", "amount": "5.00"},
                          {"tipper": "later1", "tippee": "order3", "amount": "1.00"},
                          {"tipper": "order3", "tippee": "later0", "amount": "6.00"},
                          {"tipper": "later0", "tippee": "order3", "amount": "1.00"},
                          {"tipper": "order3", "tippee": "later0", "amount": "7.00"}]}""");
        List<String> amounts = paydesk.database().read(c -> {
            try (var s = c.prepareStatement("select t.amount from tip t join participant er on er.id = t.tipper_id"
                    + " join participant ee on ee.id = t.tippee_id where er.username = 'order3'"
                    + " and ee.username = 'later0' order by t.id"); var rs = s.executeQuery()) {
                return Fixtures.rowsAsText(rs);
            }
        });
        assertThat(amounts).as("order3's tips to later0 by id").containsExactly("5.00", "6.00", "7.00");
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
                        "Duplicate field 'username'"),
                // Numbers are read exactly, never through a double, with the same two-decimal rule as strings.
                Arguments.of("a number that a double would round to cents",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": 12345678.239999}]}",
                        "participants[0].balance: '12345678.239999' has more than two decimals"),
                Arguments.of("a number a hair above ten cents",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": 0.10000000000000001}]}",
                        "participants[0].balance: '0.10000000000000001' has more than two decimals"),
                Arguments.of("a number too large for the ledger is quoted as the file wrote it",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": 99999999999999.99}]}",
                        "participants[0].balance: '99999999999999.99' is not an amount"),
                // Nothing may follow the top-level object.
                Arguments.of("two concatenated objects",
                        "{\"participants\": [{\"username\": \"x1\"}]}{\"participants\": [{\"username\": \"x2\"}]}",
                        "there is more after the top-level object, at line 1"),
                Arguments.of("an object followed by garbage",
                        "{\"participants\": [{\"username\": \"x1\"}]}\n garbage",
                        "there is more after the top-level object, at line 2"),
                // Limits and cleaning.
                Arguments.of("a username with spaces around it",
                        "{\"participants\": [{\"username\": \" spaced \"}]}",
                        "participants[0].username: ' spaced ' begins or ends with spaces"),
                Arguments.of("a tipper with spaces around it",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"x2\"}], \"tips\": [{\"tipper\": \"x1 \", \"tippee\": \"x2\", \"amount\": \"1.00\"}]}",
                        "tips[0].tipper: 'x1 ' begins or ends with spaces"),
                Arguments.of("a display name with a NUL",
                        "{\"participants\": [{\"username\": \"x1\", \"display_name\": \"a\\u0000b\"}]}",
                        "participants[0].display_name: 'a\\u0000b' holds a control or formatting character (U+0000)"),
                Arguments.of("a display name with an ANSI escape",
                        "{\"participants\": [{\"username\": \"x1\", \"display_name\": \"\\u001b[31mred\"}]}",
                        "holds a control or formatting character (U+001B)"),
                Arguments.of("a display name with a bidi override",
                        "{\"participants\": [{\"username\": \"x1\", \"display_name\": \"abc\\u202Efdp.exe\"}]}",
                        "holds a control or formatting character (U+202E)"),
                Arguments.of("a display name too long",
                        "{\"participants\": [{\"username\": \"x1\", \"display_name\": \"" + "n".repeat(101) + "\"}]}",
                        "is 101 characters long; at most 100 are allowed"),
                // The bounds on amounts entering the platform (Money.MAX_ENTRY, MAX_TIP, MAX_PLATFORM_TOTAL).
                Arguments.of("an overflow-sized opening balance",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": \"999999999999.99\"}]}",
                        "participants[0].balance: 999999999999.99 is above the largest opening balance, 100000000.00"),
                Arguments.of("an opening balance a cent above the bound",
                        "{\"participants\": [{\"username\": \"x1\", \"balance\": \"100000000.01\"}]}",
                        "is above the largest opening balance, 100000000.00"),
                Arguments.of("a tip a cent above the bound",
                        "{\"participants\": [{\"username\": \"x1\"}, {\"username\": \"x2\"}], \"tips\": [{\"tipper\": \"x1\", \"tippee\": \"x2\", \"amount\": \"1000.01\"}]}",
                        "tips[0].amount: 1000.01 is above the largest weekly tip, 1000.00"),
                Arguments.of("a file whose balances together exceed the platform total",
                        manyAtTheEntryBound("big", 1_001),
                        "the opening balances add up to 100100000000.00, above the most the platform's balances may hold together, 100000000000.00"));
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
    void aTipNamingAnExistingParticipantInAnotherCaseAndOneNamingNobodyIsRefusedForTheOneOnly(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"Elder\"}]}");
        assertThatThrownBy(() -> Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"junior\"}],"
                + " \"tips\": [{\"tipper\": \"JUNIOR\", \"tippee\": \"eLDER\", \"amount\": \"5.00\"},"
                + " {\"tipper\": \"elder\", \"tippee\": \"nobody-at-all\", \"amount\": \"1.00\"}]}"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).problems())
                        .containsExactly("tips[1].tippee: unknown participant 'nobody-at-all'"));
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"junior\"}],"
                + " \"tips\": [{\"tipper\": \"JUNIOR\", \"tippee\": \"eLDER\", \"amount\": \"5.00\"}]}");
        long tips = paydesk.database().read(c -> Fixtures.count(c, "select count(*) from tip t join participant er"
                + " on er.id = t.tipper_id join participant ee on ee.id = t.tippee_id"
                + " where er.username = 'junior' and ee.username = 'Elder'"));
        assertThat(tips).isEqualTo(1);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a", "Z", "a.b-c_D9", "0123456789012345678901234567890123456789012345678901234567890123"})
    void usernamesOfOneToSixtyFourAllowedCharactersAreWellFormed(String name) {
        assertThat(ImportService.isUsername(name)).isTrue();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "01234567890123456789012345678901234567890123456789012345678901234",
            "a b", "a/b", "é", "ü", "a\u0000", "a+b", "@a", "a,b", "\u0130"})
    void otherUsernamesAreNot(String name) {
        assertThat(ImportService.isUsername(name)).isFalse();
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

    /** {@code count} participants each with an opening balance of exactly {@link Money#MAX_ENTRY}. */
    private static String manyAtTheEntryBound(String prefix, int count) {
        StringBuilder file = new StringBuilder("{\"participants\": [");
        for (int i = 0; i < count; i++) {
            file.append(i == 0 ? "" : ",").append("{\"username\": \"").append(prefix).append(i)
                    .append("\", \"balance\": \"").append(Money.plain(Money.MAX_ENTRY)).append("\"}");
        }
        return file.append("]}").toString();
    }

    @Test
    void numbersAreReadExactlyAndTakeTheirCents(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"exact1\", \"balance\": 12345678.23},"
                + " {\"username\": \"exact2\", \"balance\": 1.5}, {\"username\": \"exact3\", \"balance\": 2.10}]}");
        assertThat(paydesk.participants().findByUsername("exact1").orElseThrow().balance()).isEqualTo("12345678.23");
        assertThat(paydesk.participants().findByUsername("exact2").orElseThrow().balance()).isEqualTo("1.50");
        assertThat(paydesk.participants().findByUsername("exact3").orElseThrow().balance()).isEqualTo("2.10");
    }

    @Test
    void anOpeningBalanceAndATipExactlyAtTheirBoundsAreImported(Paydesk paydesk) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"atbound\", \"balance\": \"100000000.00\"},"
                + " {\"username\": \"atbound2\"}],"
                + " \"tips\": [{\"tipper\": \"atbound\", \"tippee\": \"atbound2\", \"amount\": \"1000.00\"}]}");
        assertThat(paydesk.participants().findByUsername("atbound").orElseThrow().balance()).isEqualTo("100000000.00");
    }

    /** On a database of its own: it fills the platform up to its bound. */
    @Test
    void aFileThatWouldTakeThePlatformsTotalAboveItsBoundIsRefusedNamingTheBound() {
        try (Paydesk paydesk = Paydesk.wrap(TestDatabases.fresh())) {
            int fit = Money.MAX_PLATFORM_TOTAL.divideToIntegralValue(Money.MAX_ENTRY).intValueExact();
            Fixtures.importJson(paydesk, manyAtTheEntryBound("fill", fit));
            long participantsBefore = count(paydesk, "participant");

            assertThatThrownBy(() -> Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"over\","
                    + " \"balance\": \"0.01\"}]}"))
                    .isInstanceOf(ImportException.class)
                    .hasMessageContaining("would come to 100000000000.01, above the most the platform's balances may"
                            + " hold together, 100000000000.00")
                    .hasMessageContaining("nothing was written");
            assertThat(count(paydesk, "participant")).isEqualTo(participantsBefore);
            assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aMessageQuotesOnlyAnExcerptOfAHugeValue(Paydesk paydesk) {
        String huge = "u".repeat(10_000);
        assertThatThrownBy(() -> Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"" + huge + "\"}]}"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("participants[0].username: 'uuuu").contains("(10000 characters)")
                        .hasSizeLessThan(400));
    }

    @Test
    void ofThreeConcurrentImportsOfOneFileOneWinsAndTheOthersNameTheUsernamesThatExist(Paydesk paydesk)
            throws Exception {
        StringBuilder file = new StringBuilder("{\"participants\": [");
        for (int i = 0; i < 3_000; i++) {
            file.append(i == 0 ? "" : ",").append("{\"username\": \"race").append(i).append("\", \"balance\": \"1.00\"}");
        }
        String json = file.append("]}").toString();
        var start = new java.util.concurrent.CyclicBarrier(3);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Throwable>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        Fixtures.importJson(paydesk, json);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Throwable> failures = new java.util.ArrayList<>();
            for (var outcome : outcomes) {
                Throwable t = outcome.get();
                if (t != null) {
                    failures.add(t);
                }
            }
            assertThat(failures).hasSize(2).allSatisfy(t -> {
                assertThat(t).isInstanceOf(ImportException.class);
                assertThat(t.getMessage()).contains("'race0' already exists in the database").hasSizeLessThan(10_000)
                        .doesNotContainIgnoringCase("insert into");
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(paydesk, "participant where username like 'race%'")).isEqualTo(3_000);
    }

    /** {@code count} participants with balances, some display names with a backslash, and as many tips between them. */
    private static String largeFile(int count) {
        StringBuilder file = new StringBuilder("{\"participants\": [");
        for (int i = 0; i < count; i++) {
            // Not in username order, as a file need not be.
            int n = (i * 7_919) % count;
            file.append(i == 0 ? "" : ",").append("{\"username\": \"Big").append(n).append("\", \"balance\": \"")
                    .append(n % 500).append('.').append(String.format("%02d", n % 100)).append('"');
            if (n % 3 == 0) {
                file.append(", \"display_name\": \"Back\\\\slash ").append(n).append('"');
            }
            if (n % 4 == 0) {
                file.append(", \"card\": \"card_ok\", \"bank\": \"bank_ok\", \"claimed\": false, \"review\": \"WHITELISTED\"");
            }
            file.append('}');
        }
        file.append("], \"tips\": [");
        for (int i = 0; i < count; i++) {
            file.append(i == 0 ? "" : ",").append("{\"tipper\": \"big").append(i).append("\", \"tippee\": \"big")
                    .append((i * 31 + 1) % count).append("\", \"amount\": \"").append(i % 20).append(".25\"}");
        }
        return file.append("]}").toString();
    }

    /** Everything an import writes, as text: participants with their balances, tips in order, opening entries. */
    private static List<String> written(Paydesk paydesk) {
        List<String> rows = new java.util.ArrayList<>();
        for (String query : List.of("select p.username, p.display_name, p.claimed_at is not null, p.review,"
                        + " p.card_token, p.bank_token, a.committed from participant p join account a on a.id = p.id"
                        + " order by p.id",
                "select er.username, ee.username, t.amount from tip t join participant er on er.id = t.tipper_id"
                        + " join participant ee on ee.id = t.tippee_id order by t.created_at, t.id",
                "select count(distinct e.id), sum(p.amount) filter (where p.amount > 0), count(*) from journal_entry e"
                        + " join posting p on p.entry_id = e.id where e.kind = 'OPENING_BALANCE'")) {
            rows.addAll(paydesk.database().read(c -> {
                try (var s = c.prepareStatement(query); var rs = s.executeQuery()) {
                    return Fixtures.rowsAsText(rs);
                }
            }));
        }
        return rows;
    }

    @Test
    void keysCheckedInBulkOrRowByRowGiveTheSameRowsAndBalances() {
        String json = largeFile(12_000);
        try (Paydesk bulk = Paydesk.wrap(TestDatabases.fresh()); Paydesk perRow = Paydesk.wrap(TestDatabases.fresh())) {
            Fixtures.importJson(bulk, json);
            new ImportService(perRow.database(), BulkLoad.ForeignKeyChecks.PER_ROW).importJson(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json", perRow.systemStaffId());

            List<String> rows = written(bulk);
            assertThat(rows).isEqualTo(written(perRow));
            assertThat(rows.get(0)).as("ids in file order").startsWith("Big0 | ");
            assertThat(rows).contains("Big3 | Back\\slash 3 | t | UNREVIEWED | null | null | 3.03",
                    "Big4 | Big4 | f | WHITELISTED | card_ok | bank_ok | 4.04",
                    "2 | 2999940.00 | 11978");
            assertThat(bulk.participants().findByUsername("big4").orElseThrow().balance()).isEqualTo("4.04");
            assertThat(bulk.checker().runAll()).allMatch(CheckResult::ok);
            assertThat(perRow.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    /** A check constraint the file's checks do not know of refuses the last tip, after everything else was written. */
    @Test
    void aFailureWhileWritingTheLastTipLeavesNothing() {
        try (Paydesk paydesk = Paydesk.wrap(TestDatabases.fresh())) {
            Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"before\", \"balance\": \"5.00\"}]}");
            paydesk.database().inTransaction(c -> c.createStatement()
                    .execute("alter table tip add constraint test_small_tips check (amount < 500)"));
            List<String> before = written(paydesk);
            String json = largeFile(12_000).replace("\"amount\": \"19.25\"}]}", "\"amount\": \"600.00\"}]}");

            assertThatThrownBy(() -> Fixtures.importJson(paydesk, json)).hasMessageContaining("test_small_tips");

            assertThat(written(paydesk)).isEqualTo(before);
            assertThat(count(paydesk, "account where kind = 'PARTICIPANT'")).isEqualTo(1);
            assertThat(paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    private static long count(Paydesk paydesk, String table) {
        return paydesk.database().read(c -> Fixtures.count(c, "select count(*) from " + table));
    }
}
