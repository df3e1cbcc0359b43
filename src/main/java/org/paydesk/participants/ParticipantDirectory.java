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
        AccountSort sort = query.sort();
        boolean byUsername = sort == AccountSort.USERNAME;
        String direction = query.descending() ? " desc" : "";
        StringBuilder sql = new StringBuilder("select ").append(ROW_COLUMNS)
                .append(" from participant p join account a on a.id = p.id where true");
        List<Object> parameters = new ArrayList<>();
        if (after != null) {
            String comparison = query.descending() ? " < " : " > ";
            if (byUsername) {
                sql.append(" and lower(p.username)").append(comparison).append("?");
            } else {
                sql.append(" and (").append(sort.expression).append(", p.id)").append(comparison).append("(?, ?)");
            }
            parameters.add(sort.keyOf(after));
            if (!byUsername) {
                parameters.add(after.id());
            }
        }
        if (!term.isEmpty()) {
            String pattern = "%" + escapeLike(term) + "%";
            if (term.length() >= TRIGRAM_LENGTH) {
                // Matches first (trigram indexes), then sort them: walking the sort order and filtering
                // reads most of a million rows before it finds the page of a term late in the alphabet.
                sql.append(" and p.id in (select m.id from matches m)");
                sql.insert(0, "with matches as materialized (select id from participant where lower(username) like ?"
                        + " escape '\\' or lower(display_name) like ? escape '\\') ");
                parameters.add(0, pattern);
                parameters.add(0, pattern);
            } else {
                sql.append(" and (lower(p.username) like ? escape '\\' or lower(p.display_name) like ? escape '\\')");
                parameters.add(pattern);
                parameters.add(pattern);
            }
        }
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
        if (query.owesMoney()) {
            sql.append(" and a.owed > 0");
        }
        if (query.belowZero()) {
            sql.append(" and a.committed < a.owed");
        }
        sql.append(" order by ").append(sort.expression).append(direction);
        if (!byUsername) {
            sql.append(", p.id").append(direction);
        }
        sql.append(" limit ?");
        parameters.add(limit);
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
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
