package org.paydesk.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paydesk.db.Database;
import org.paydesk.testing.TestDatabases;

/**
 * The accounts list's pages, whatever way the directory reads them (a bounded walk of the username
 * order for a common term, the trigram matches for a rare one, one pass over the accounts for the
 * below-zero filter), are exactly the pages of the plain query: same rows, same order, and paging
 * by keyset through all of them gives every matching row once. The platform is larger than the
 * walk, so terms found only inside it, only beyond it, and on both sides of its end are all here.
 */
class ParticipantDirectoryTest {

    private static final int PEOPLE = ParticipantDirectory.WALK_ROWS + 4_000;
    private static Database database;
    private static ParticipantDirectory directory;

    @BeforeAll
    static void platform() {
        database = TestDatabases.fresh();
        directory = new ParticipantDirectory(database);
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                // Usernames u-00001 … in order; every 7th has "seven" in its display name (common, inside
                // the walk); "edge" in 30 names before the walk's end and 30 after it; "rare" in 3 past it.
                s.execute("insert into account (id, kind) select 100000 + g, 'PARTICIPANT' from generate_series(1, "
                        + PEOPLE + ") g");
                s.execute("insert into participant (id, username, display_name, claimed_at, review, card_token,"
                        + " bank_token) select 100000 + g,"
                        + " 'u-' || lpad(g::text, 5, '0')"
                        + "   || case when g between " + (ParticipantDirectory.WALK_ROWS - 29) + " and "
                        + (ParticipantDirectory.WALK_ROWS + 30) + " then '-edge' else '' end"
                        + "   || case when g > " + (PEOPLE - 3) + " then '-rare' else '' end,"
                        + " case when g % 7 = 0 then 'Seven ' || g else 'Person ' || g end,"
                        + " case when g % 5 <> 0 then now() end,"
                        + " (array['UNREVIEWED', 'WHITELISTED', 'SUSPICIOUS'])[1 + g % 3],"
                        + " case when g % 2 = 0 then 'card_ok' end, case when g % 3 = 0 then 'bank_ok' end"
                        + " from generate_series(1, " + PEOPLE + ") g");
                // Test data, not ledger work: cached amounts set directly; a few below zero, spread out.
                s.execute("update account set committed = (id % 97) + 0.25, owed = case when id % 11 = 0 then (id % 13)"
                        + " else 0 end where kind = 'PARTICIPANT'");
                s.execute("analyze participant, account");
            }
            return null;
        });
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void aCommonTermsFirstPageComesFromTheWalkAndEqualsThePlainQuerys() {
        AccountQuery query = AccountQuery.ALL.withSearch("seven");
        List<Long> page = ids(directory.page(query, null, 50));
        assertThat(page).hasSize(50).isEqualTo(reference(query).subList(0, 50));
    }

    @Test
    void termsInsideBeyondAndAcrossTheWalksEndGiveThePlainQuerysPages() {
        for (String term : List.of("edge", "rare", "u-2", "seven", "nobody-at-all", "ed")) {
            for (boolean descending : List.of(false, true)) {
                AccountQuery query = AccountQuery.ALL.withSearch(term).withSort(AccountSort.USERNAME, descending);
                assertThat(pages(query, 40)).as("%s %s", term, descending ? "desc" : "asc").isEqualTo(reference(query));
            }
        }
    }

    @Test
    void filtersAndSortsGiveThePlainQuerysPages() {
        List<AccountQuery> queries = List.of(
                AccountQuery.ALL.withFlags(false, false, false, true),
                AccountQuery.ALL.withSearch("edge").withFlags(true, false, false, true),
                AccountQuery.ALL.withSearch("seven").withReview(Review.SUSPICIOUS).withFlags(false, true, true, false),
                AccountQuery.ALL.withSearch("seven").withSort(AccountSort.BALANCE, true),
                AccountQuery.ALL.withSearch("edge").withSort(AccountSort.REVIEW, false),
                AccountQuery.ALL.withSearch("seven").withSort(AccountSort.LAST_CHARGE, true).withFlags(false, false, true, false),
                AccountQuery.ALL.withSearch("edge").withSort(AccountSort.OWED, false).withFlags(false, false, false, true));
        for (AccountQuery query : queries) {
            assertThat(pages(query, 300)).as(query.toString()).isEqualTo(reference(query));
        }
    }

    @Test
    void theBelowZeroFilterFindsTheFewAccountsWhoseOwedExceedsTheirBalance() {
        AccountQuery query = AccountQuery.ALL.withFlags(false, false, false, true);
        List<AccountRow> rows = directory.page(query, null, 1_000);
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.balance()).isLessThan(row.owed()));
        assertThat(ids(rows)).isEqualTo(reference(query));
    }

    /** Every page of {@code query}, by keyset, concatenated. */
    private static List<Long> pages(AccountQuery query, int size) {
        List<Long> all = new ArrayList<>();
        AccountRow last = null;
        while (true) {
            List<AccountRow> page = directory.page(query, last, size);
            all.addAll(ids(page));
            assertThat(all).as("pages that move on (a keyset that is ignored repeats the first page forever)")
                    .hasSizeLessThanOrEqualTo(PEOPLE).doesNotHaveDuplicates();
            if (page.size() < size) {
                return all;
            }
            last = page.get(page.size() - 1);
        }
    }

    private static List<Long> ids(List<AccountRow> rows) {
        return rows.stream().map(AccountRow::id).toList();
    }

    /** The plain query: every condition tested on every row, sorted, no limit. */
    private static List<Long> reference(AccountQuery query) {
        String term = "%" + query.search().toLowerCase(Locale.ROOT) + "%";
        String direction = query.descending() ? " desc" : "";
        StringBuilder sql = new StringBuilder("select p.id from participant p join account a on a.id = p.id"
                + " where (lower(p.username) like ? or lower(p.display_name) like ?)");
        if (query.review() != null) {
            sql.append(" and p.review = '").append(query.review().name()).append("'");
        }
        sql.append(query.hasCard() ? " and p.card_token is not null" : "");
        sql.append(query.hasBank() ? " and p.bank_token is not null" : "");
        sql.append(query.owesMoney() ? " and a.owed > 0" : "");
        sql.append(query.belowZero() ? " and a.committed < a.owed" : "");
        sql.append(" order by ").append(query.sort().expression).append(direction);
        if (query.sort() != AccountSort.USERNAME) {
            sql.append(", p.id").append(direction);
        }
        return database.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (Statement off = c.createStatement()) {
                off.execute("set enable_indexscan = off"); // the plain plan: read everything, then sort
                off.execute("set enable_bitmapscan = off");
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                s.setString(1, term);
                s.setString(2, term);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            } finally {
                try (Statement on = c.createStatement()) {
                    on.execute("reset enable_indexscan");
                    on.execute("reset enable_bitmapscan");
                }
            }
            return ids;
        });
    }
}
