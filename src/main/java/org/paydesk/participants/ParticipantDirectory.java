package org.paydesk.participants;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.paydesk.db.Database;

/**
 * Reads participants for lists and look-ups. Lists are pages in username order, read with a
 * keyset ("after this username") so the millionth page costs what the first one does.
 */
public final class ParticipantDirectory {

    static final String ROW_COLUMNS = "p.id, p.username, p.display_name, p.review, p.claimed_at, a.committed, a.owed,"
            + " a.pending, p.card_token, p.bank_token, p.last_charge_result, p.last_payout_result";

    /** Terms this long or longer are looked up through the trigram indexes; shorter ones match most rows anyway. */
    static final int TRIGRAM_LENGTH = 3;

    private final Database database;

    public ParticipantDirectory(Database database) {
        this.database = database;
    }

    /**
     * Up to {@code limit} participants whose username or display name contains {@code search}
     * (case-insensitive; all when blank), after {@code afterUsername} in username order.
     */
    public List<AccountRow> page(String search, String afterUsername, int limit) {
        AccountRow after = afterUsername == null ? null
                : new AccountRow(0, afterUsername, "", Review.UNREVIEWED, false, null, null, null, null, null, null,
                null, null);
        return page(AccountQuery.ALL.withSearch(search), after, limit);
    }

    /**
     * Up to {@code limit} participants matching {@code query}, in its order, after the row {@code after}
     * (null for the first page). Keyset paging: the key of the last row shown and its id, so any page
     * costs what the first does and rows changing in between neither repeat nor vanish.
     */
    public List<AccountRow> page(AccountQuery query, AccountRow after, int limit) {
        String term = query.search().toLowerCase(Locale.ROOT);
        if (term.length() >= TRIGRAM_LENGTH && query.sort() == AccountSort.USERNAME) {
            // A common term: the first page is among the next few thousand usernames in order, and a
            // walk that stops there costs a few milliseconds where collecting every match would cost
            // a hundred. If the walk holds a full page, that page is exact: nothing before its end
            // was skipped. Otherwise the term is rare and its matches are few: collect them.
            List<AccountRow> walked = read(select(query, after, limit, term, Matching.WALK));
            if (walked.size() == limit) {
                return walked;
            }
        }
        return read(select(query, after, limit, term,
                term.length() >= TRIGRAM_LENGTH ? Matching.COLLECT : Matching.FILTER));
    }

    /** How a search term is matched. */
    private enum Matching {
        /** Every row is tested as the order is walked (a short term, or none: most rows match). */
        FILTER,
        /** Only the next {@link #WALK_ROWS} usernames in order are tested (a common term). */
        WALK,
        /** The matches are found first through the trigram indexes, then the page is taken from them (a rare term). */
        COLLECT
    }

    /** How many usernames a walk tests: at 1,000,000 participants, 20 ms; enough for a page of a term in 1 % of names. */
    static final int WALK_ROWS = 20_000;

    private record Sql(String text, List<Object> parameters) {
    }

    private Sql select(AccountQuery query, AccountRow after, int limit, String term, Matching matching) {
        AccountSort sort = query.sort();
        boolean byUsername = sort == AccountSort.USERNAME;
        String direction = query.descending() ? " desc" : "";
        String pattern = "%" + escapeLike(term) + "%";
        String like = " and (lower(p.username) like ? escape '\\' or lower(p.display_name) like ? escape '\\')";
        Conditions keyset = keyset(query, after);
        Conditions ofParticipant = participantFilters(query);
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (matching == Matching.COLLECT) {
            // The matches first, then the page among them, then its rows: no plan can turn this into a walk
            // of a whole index order probing the matches, nor into a pass over every account. In username
            // order the matches carry their key; in another order their ids go into one sorted array and
            // their rows are read by it (index look-ups in id order, a few thousand at most).
            String matches = byUsername
                    ? "select p.id, p.username from participant p where true"
                    : "select array_agg(p.id order by p.id) as ids from participant p where true";
            String ofAccount = accountFilters(query, false);
            String rows = byUsername
                    ? "matches p" + (ofAccount.isEmpty() ? "" : " join account a on a.id = p.id")
                    : "matches m join account a on a.id = any (m.ids) join participant p on p.id = a.id";
            sql.append("with matches as materialized (").append(matches).append(like).append(ofParticipant.sql())
                    .append("), page as materialized (select p.id, ").append(sort.expression).append(" as key from ")
                    .append(rows).append(" where true").append(keyset.sql()).append(ofAccount)
                    .append(" order by key").append(direction).append(", p.id").append(direction)
                    .append(" limit ?) select ").append(ROW_COLUMNS).append(" from page g join participant p on p.id = g.id")
                    .append(" join account a on a.id = g.id order by g.key").append(direction).append(", g.id").append(direction);
            parameters.add(pattern);
            parameters.add(pattern);
            parameters.addAll(ofParticipant.parameters());
            parameters.addAll(keyset.parameters());
            parameters.add(limit);
            return new Sql(sql.toString(), parameters);
        }
        String sets = belowZeroSet(query);
        if (!sets.isEmpty()) {
            sql.append("with ").append(sets, 0, sets.length() - 2);
        }
        sql.append(" select ").append(ROW_COLUMNS).append(" from ");
        if (matching == Matching.WALK) {
            sql.append("(select * from participant p where true").append(keyset.sql()).append(" order by lower(p.username)")
                    .append(direction).append(" limit ").append(WALK_ROWS).append(") p");
        } else {
            sql.append("participant p");
        }
        sql.append(" join account a on a.id = p.id where true");
        if (matching != Matching.WALK) {
            sql.append(keyset.sql());
        }
        parameters.addAll(keyset.parameters());
        if (!term.isEmpty()) {
            sql.append(like);
            parameters.add(pattern);
            parameters.add(pattern);
        }
        sql.append(ofParticipant.sql()).append(accountFilters(query, true));
        parameters.addAll(ofParticipant.parameters());
        sql.append(" order by ").append(sort.expression).append(direction);
        if (!byUsername) {
            sql.append(", p.id").append(direction);
        }
        sql.append(" limit ?");
        parameters.add(limit);
        return new Sql(sql.toString().trim(), parameters);
    }

    /** SQL conditions, each starting with " and", and their parameters in order. */
    private record Conditions(String sql, List<Object> parameters) {
    }

    /** After the last row shown: its sort key (and id, for the orders with ties). */
    private static Conditions keyset(AccountQuery query, AccountRow after) {
        if (after == null) {
            return new Conditions("", List.of());
        }
        AccountSort sort = query.sort();
        String comparison = query.descending() ? " < " : " > ";
        if (sort == AccountSort.USERNAME) {
            return new Conditions(" and lower(p.username)" + comparison + "?", List.of(sort.keyOf(after)));
        }
        return new Conditions(" and (" + sort.expression + ", p.id)" + comparison + "(?, ?)",
                List.of(sort.keyOf(after), after.id()));
    }

    private static Conditions participantFilters(AccountQuery query) {
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        if (query.review() != null) {
            sql.append(" and p.review = ?");
            parameters.add(query.review().name());
        }
        if (query.hasCard()) {
            sql.append(" and p.card_token is not null");
        }
        if (query.hasBank()) {
            sql.append(" and p.bank_token is not null");
        }
        return new Conditions(sql.toString(), parameters);
    }

    /**
     * The account filters; {@code belowBySet}: the below-zero test as membership of the {@link
     * #belowZeroSet} (when the query walks an order), else on each account read.
     */
    private static String accountFilters(AccountQuery query, boolean belowBySet) {
        StringBuilder sql = new StringBuilder();
        if (query.owesMoney()) {
            sql.append(" and a.owed > 0");
        }
        if (query.belowZero()) {
            sql.append(belowBySet ? " and a.id in (select b.id from below b)" : " and a.committed < a.owed");
        }
        return sql.toString();
    }

    /**
     * Few accounts show a balance below zero and no index can find them without costing every
     * payday its HOT updates (V10): one pass over the accounts, not a walk of the sort order that
     * tests a million rows to fill a page that stays empty.
     */
    private static String belowZeroSet(AccountQuery query) {
        return query.belowZero()
                ? "below as materialized (select id from account where kind = 'PARTICIPANT' and committed < owed), " : "";
    }

    private List<AccountRow> read(Sql sql) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.text())) {
                for (int i = 0; i < sql.parameters().size(); i++) {
                    s.setObject(i + 1, sql.parameters().get(i));
                }
                return readRows(s);
            }
        });
    }

    /** The current rows of the participants {@code ids}, in no particular order (missing ones left out). */
    public List<AccountRow> rowsByIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select " + ROW_COLUMNS
                    + " from participant p join account a on a.id = p.id where p.id = any (?)")) {
                s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                return readRows(s);
            }
        });
    }

    /** The id of the participant named {@code username} (any case), on the caller's connection. */
    public static long idOf(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id from participant where lower(username) = lower(?)")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no participant named '" + username + "'");
                }
                return rs.getLong(1);
            }
        }
    }

    public Optional<AccountRow> findByUsername(String username) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select " + ROW_COLUMNS
                    + " from participant p join account a on a.id = p.id where lower(p.username) = lower(?)")) {
                s.setString(1, username);
                return readRows(s).stream().findFirst();
            }
        });
    }

    /** The number of participants, estimated from table statistics when the table is large. */
    public long approximateCount() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select reltuples::bigint from pg_class where oid = 'participant'::regclass");
                 ResultSet rs = s.executeQuery()) {
                long estimate = rs.next() ? rs.getLong(1) : -1;
                if (estimate >= 100_000) {
                    return estimate;
                }
            }
            try (PreparedStatement s = c.prepareStatement("select count(*) from participant");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public boolean isEmpty() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select not exists (select 1 from participant)");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    static List<AccountRow> readRows(PreparedStatement s) throws SQLException {
        List<AccountRow> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(readRow(rs));
            }
        }
        return rows;
    }

    static AccountRow readRow(ResultSet rs) throws SQLException {
        Timestamp claimed = rs.getTimestamp(5);
        return new AccountRow(rs.getLong(1), rs.getString(2), rs.getString(3), Review.valueOf(rs.getString(4)),
                claimed != null, claimed == null ? null : claimed.toInstant(), rs.getBigDecimal(6),
                rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12));
    }

    /** Escapes LIKE wildcards and the backslash, for a pattern with {@code escape '\\'}. */
    public static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Runs {@code work} with the rows of every participant in id order, streamed with a cursor. */
    public void forEach(RowConsumer work) {
        database.inTransaction(c -> {
            streamAll(c, work);
            return null;
        });
    }

    static void streamAll(Connection c, RowConsumer work) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + ROW_COLUMNS
                + " from participant p join account a on a.id = p.id order by p.id")) {
            s.setFetchSize(5_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    work.accept(readRow(rs));
                }
            }
        }
    }

    /** Receives rows one at a time; may throw to stop. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(AccountRow row) throws SQLException;
    }
}
