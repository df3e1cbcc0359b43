package org.paydesk.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the planner's statistics of tables that bulk work has just filled up to date, so the next
 * query plans its joins from what is in them now rather than from what was there before (a table
 * analysed while empty looks empty to the planner's column statistics, and a join planned on that
 * can turn quadratic). PostgreSQL's autovacuum does this too, but late and at its own pace; a
 * payday cannot wait for it.
 *
 * <p>A table is analysed when it has grown by more than a fifth since its last ANALYZE (by its
 * size on disk against the size recorded then, which is exact at once), or when more than a fifth of
 * its rows changed since (by PostgreSQL's own count, which may lag a second or so), or was never
 * analysed. {@link #analyze} analyses unconditionally, for tables whose rows changed in place.
 */
public final class TableStatistics {

    /** Growth beyond which a table's statistics count as stale: a fifth, and at least a few pages. */
    private static final double GROWTH = 1.2;
    private static final int MIN_PAGES = 8;
    private static final int MIN_ROWS = 500;

    private TableStatistics() {
    }

    /** Analyses those of {@code tables} that grew materially since their last ANALYZE; returns them. */
    public static List<String> refreshGrown(Connection c, String... tables) throws SQLException {
        List<String> stale = grown(c, tables);
        analyze(c, stale.toArray(String[]::new));
        return stale;
    }

    /**
     * As {@link #refreshGrown}, but skips a table autovacuum is working on at that moment rather than
     * wait for it; for work that comes back soon (between batches), where a wait costs more than
     * the next call's retry.
     */
    public static List<String> refreshGrownUnlessBusy(Connection c, String... tables) throws SQLException {
        List<String> stale = grown(c, tables);
        run(c, "analyze (skip_locked) ", stale.toArray(String[]::new));
        return stale;
    }

    private static List<String> grown(Connection c, String... tables) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select c.relname, c.relpages, c.reltuples,"
                + " pg_relation_size(c.oid) / current_setting('block_size')::bigint, coalesce(t.n_mod_since_analyze, 0)"
                + " from pg_class c left join pg_stat_all_tables t on t.relid = c.oid"
                + " where c.oid = any (?::regclass[])")) {
            s.setArray(1, c.createArrayOf("text", tables));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long analysedPages = rs.getLong(2);
                    boolean neverAnalysed = rs.getDouble(3) < 0;
                    long pages = rs.getLong(4);
                    double analysedRows = Math.max(rs.getDouble(3), 0);
                    long changedRows = rs.getLong(5);
                    if (neverAnalysed || pages > analysedPages * GROWTH + MIN_PAGES
                            || changedRows > analysedRows * (GROWTH - 1) + MIN_ROWS) {
                        stale.add(rs.getString(1));
                    }
                }
            }
        }
        return stale;
    }

    /** Analyses {@code tables} now. */
    public static void analyze(Connection c, String... tables) throws SQLException {
        run(c, "analyze ", tables);
    }

    private static void run(Connection c, String command, String... tables) throws SQLException {
        Set<String> names = new LinkedHashSet<>(List.of(tables));
        if (names.isEmpty()) {
            return;
        }
        for (String name : names) {
            if (!name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a table name: " + name);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(command + String.join(", ", names));
        }
    }
}
