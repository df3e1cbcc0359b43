package org.paydesk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.db.Database;
import org.paydesk.demo.DemoGenerator.DemoResult;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.TestDatabases;

/** Generates one demo platform of 2,000 participants into a real database and looks at it. */
@ExtendWith(DatabaseExtension.class)
class DemoGeneratorTest {

    private static final int PARTICIPANTS = 2_000;
    private static final long SEED = 42;

    private static Database database;
    private static DemoResult result;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void generate(Database db) {
        database = db;
        result = new DemoGenerator(db).generate(PARTICIPANTS, SEED,
                (step, done, total) -> progress.add(step + " " + done + "/" + total));
    }

    @Test
    void writesTheParticipantsTheirAccountsAndAboutTwoTipsEach() {
        assertThat(result.participants()).isEqualTo(PARTICIPANTS);
        assertThat(count("select count(*) from participant")).isEqualTo(PARTICIPANTS);
        assertThat(count("select count(*) from account a join participant p on p.id = a.id"
                + " where a.kind = 'PARTICIPANT'")).isEqualTo(PARTICIPANTS);
        assertThat(count("select count(*) from tip")).isEqualTo(result.tips());
        assertThat(result.tips() / (double) PARTICIPANTS).isBetween(1.7, 2.3);
    }

    @Test
    void usernamesAreUniqueAndReadable() {
        assertThat(count("select count(distinct lower(username)) from participant")).isEqualTo(PARTICIPANTS);
        assertThat(count("select count(*) from participant where username !~ '^[a-z]+-[a-z]+-[0-9]+$'"
                + " or btrim(display_name) = ''")).isZero();
    }

    @Test
    void theLedgerInvariantsHoldAndOpeningBalancesComeFromClearing() {
        List<CheckResult> checks = new InvariantChecker(database).runAll();
        assertThat(checks).isNotEmpty().allSatisfy(check -> assertThat(check.ok()).as(check.name() + ": " + check.detail()).isTrue());

        long funded = count("select count(*) from account where kind = 'PARTICIPANT' and committed > 0");
        assertThat(funded).isBetween(PARTICIPANTS / 20L, PARTICIPANTS / 5L);
        assertThat(count("select count(*) from journal_entry where kind = 'OPENING_BALANCE' and staff_id is not null"))
                .isEqualTo(funded);
        assertThat(count("select count(*) from posting p join account a on a.id = p.account_id"
                + " where (a.kind = 'GATEWAY_CLEARING') <> (p.amount < 0)")).isZero();
        assertThat(amount("select sum(committed) from account")).isEqualByComparingTo("0.00");
    }

    @Test
    void theSameSeedGivesIdenticalDataAndAnotherSeedDoesNot() {
        String here = digest(database);
        try (Database again = TestDatabases.fresh(); Database other = TestDatabases.fresh()) {
            new DemoGenerator(again).generate(PARTICIPANTS, SEED, DemoGenerator.Progress.NONE);
            new DemoGenerator(other).generate(PARTICIPANTS, SEED + 1, DemoGenerator.Progress.NONE);
            assertThat(digest(again)).isEqualTo(here);
            assertThat(digest(other)).isNotEqualTo(here);
        }
    }

    @Test
    void foreignKeysCheckedRowByRowGiveTheSameData() {
        try (Database perRow = TestDatabases.fresh()) {
            perRow.inTransaction(c -> new DemoWriter(c, new DemoPlatform(PARTICIPANTS, SEED), DemoGenerator.Progress.NONE,
                    org.paydesk.db.BulkLoad.ForeignKeyChecks.PER_ROW).write());
            assertThat(digest(perRow)).isEqualTo(digest(database));
        }
    }

    @Test
    void foreignKeysAreEnforcedAgainAfterGeneration() {
        assertThat(count("select count(*) from pg_trigger where tgrelid in ('tip'::regclass, 'participant'::regclass)"
                + " and tgenabled = 'D'")).isZero();
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into tip (tipper_id, tippee_id, amount)"
                    + " select min(id), max(id) + 1000, 1.00 from participant")) {
                return s.executeUpdate();
            }
        })).hasMessageContaining("tip_tippee_id_fkey");
    }

    @Test
    void aFewCreatorsReceiveMostTipsAndMostMembersNeverTip() {
        List<Long> tipsPerTippee = longs("select count(*) from (" + TIPS_IN_FORCE + ") t"
                + " group by tippee_id order by count(*) desc");
        long inForce = tipsPerTippee.stream().mapToLong(Long::longValue).sum();
        int topOnePercent = Math.max(1, (int) Math.ceil(tipsPerTippee.size() / 100.0));
        long toTop = tipsPerTippee.subList(0, topOnePercent).stream().mapToLong(Long::longValue).sum();
        assertThat(toTop / (double) inForce).as("share of the top 1%% of %d tippees", tipsPerTippee.size())
                .isGreaterThan(0.20);
        assertThat(count("select count(distinct tipper_id) from tip")).isBetween(PARTICIPANTS / 4L, PARTICIPANTS / 2L);
    }

    @Test
    void tipHistoryHasRealisticAmountsChangesAndCancellations() {
        assertThat(count("select count(*) from tip where amount <> 0 and amount not between 0.25 and 20.00")).isZero();
        assertThat(amount("select percentile_disc(0.5) within group (order by amount) from tip where amount > 0"))
                .isLessThanOrEqualTo(new BigDecimal("5.00"));
        assertThat(count("select count(*) from (" + LATEST_PER_PAIR + ") t where amount = 0")).isPositive();
        assertThat(count("select count(*) from (select 1 from tip group by tipper_id, tippee_id having count(*) > 1) t"))
                .isPositive();
        assertThat(count("select count(*) from tip t join participant p on p.id = t.tipper_id where p.claimed_at is null"))
                .isZero();
    }

    @Test
    void reviewStatesCardsAndBanksAreSpread() {
        Map<String, Long> review = counts("select review, count(*) from participant group by review");
        assertThat(review.get("UNREVIEWED")).isGreaterThan(review.get("WHITELISTED"));
        assertThat(review.get("WHITELISTED")).isGreaterThan(PARTICIPANTS / 10L);
        assertThat(review.get("SUSPICIOUS")).isBetween(PARTICIPANTS / 100L, PARTICIPANTS * 6L / 100);
        assertThat(count("select count(*) from participant where claimed_at is null")).isPositive();
        assertThat(count("select count(*) from participant where claimed_at is null"
                + " and (card_token is not null or bank_token is not null or review <> 'UNREVIEWED')")).isZero();

        Map<String, Long> cards = counts("select coalesce(card_token, 'none'), count(*) from participant"
                + " where id in (select tipper_id from tip) group by 1");
        assertThat(cards.keySet()).containsExactlyInAnyOrder("card_ok", "card_declined", "card_error", "none");
        assertThat(cards.get("card_ok")).isGreaterThan(cards.values().stream().mapToLong(Long::longValue).sum() / 2);

        Map<String, Long> banks = counts("select coalesce(bank_token, 'none'), count(*) from participant"
                + " where id in (select tippee_id from tip) group by 1");
        assertThat(banks.keySet()).containsExactlyInAnyOrder("bank_ok", "bank_rejected", "none");
        assertThat(banks.get("bank_ok")).isGreaterThan(banks.values().stream().mapToLong(Long::longValue).sum() / 2);
    }

    @Test
    void progressIsReportedPerStepNowAndThenNotPerRow() {
        assertThat(progress).contains("accounts 2000/2000", "participants 2000/2000", "tips 2000/2000",
                "indexes and statistics 3/3");
        assertThat(progress).anyMatch(line -> line.matches("opening balances (\\d+)/\\1"));
        assertThat(progress.size()).isLessThan(20);
    }

    @Test
    void refusesADatabaseThatAlreadyHasParticipants() {
        long tipsBefore = count("select count(*) from tip");
        assertThatThrownBy(() -> new DemoGenerator(database).generate(10, 1, DemoGenerator.Progress.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has 2000 participants")
                .hasMessageContaining("Nothing was written");
        assertThat(count("select count(*) from participant")).isEqualTo(PARTICIPANTS);
        assertThat(count("select count(*) from tip")).isEqualTo(tipsBefore);
    }

    @Test
    void refusesFewerThanOneParticipant() {
        assertThatThrownBy(() -> new DemoGenerator(database).generate(0, 1, DemoGenerator.Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void aOneParticipantPlatformIsValidToo() {
        try (Database tiny = TestDatabases.fresh()) {
            DemoResult one = new DemoGenerator(tiny).generate(1, 3, DemoGenerator.Progress.NONE);
            assertThat(one.participants()).isEqualTo(1);
            assertThat(one.tips()).isZero();
            assertThat(new InvariantChecker(tiny).runAll()).allSatisfy(check -> assertThat(check.ok()).isTrue());
        }
    }

    // --------------------------------------------------------------- helpers

    private static final String LATEST_PER_PAIR = "select distinct on (tipper_id, tippee_id) tipper_id, tippee_id, amount"
            + " from tip order by tipper_id, tippee_id, created_at desc, id desc";
    private static final String TIPS_IN_FORCE = "select * from (" + LATEST_PER_PAIR + ") latest where amount > 0";

    /** Every participant, tip and posting, named by username rather than id, in one MD5. */
    private static String digest(Database db) {
        return db.read(c -> string(c, "select md5(string_agg(line, E'\\n' order by line)) from ("
                + " select concat_ws('|', 'p', p.username, p.display_name, p.created_at, p.claimed_at, p.review,"
                + "   p.card_token, p.bank_token, a.committed) as line from participant p join account a on a.id = p.id"
                + " union all select concat_ws('|', 't', r.username, e.username, t.amount, t.created_at) from tip t"
                + "   join participant r on r.id = t.tipper_id join participant e on e.id = t.tippee_id"
                + " union all select concat_ws('|', 'e', j.kind, j.description, j.created_at, coalesce(pa.username, a.kind),"
                + "   p.amount) from journal_entry j join posting p on p.entry_id = j.id join account a on a.id = p.account_id"
                + "   left join participant pa on pa.id = a.id) lines"));
    }

    private static long count(String sql) {
        return longs(sql).get(0);
    }

    private static List<Long> longs(String sql) {
        return database.read(c -> {
            List<Long> values = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values;
        });
    }

    private static BigDecimal amount(String sql) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        });
    }

    private static Map<String, Long> counts(String sql) {
        return database.read(c -> {
            Map<String, Long> values = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getLong(2));
                }
            }
            return values;
        });
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
