package org.paydesk.payday;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paydesk.db.Database;

/** Reads past and open paydays, their statistics and their error lists. */
public final class Paydays {

    /** One payday as lists show it. {@code stats} are final once it is closed, live while open. */
    public record Summary(long id, Instant tsStart, Instant tsEnd, Phase phase, boolean forced, String startedBy,
                          PaydayStats stats) {

        public boolean open() {
            return tsEnd == null;
        }
    }

    /**
     * A page of a payday's errors, oldest first; {@code lastId} is where the next page starts
     * ({@link #errors(long, long, int)}), {@code more} whether there is one.
     */
    public record ErrorPage(List<PaydayError> errors, long lastId, boolean more) {

        public ErrorPage {
            errors = List.copyOf(errors);
        }
    }

    private static final String COLUMNS = "select p.id, p.ts_start, p.ts_end, p.phase, p.forced, s.username, p.stats::text"
            + " from payday p join staff s on s.id = p.started_by";

    private final Database database;

    public Paydays(Database database) {
        this.database = database;
    }

    /** The latest paydays first. */
    public List<Summary> list(int limit) {
        return database.read(c -> {
            List<Summary> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(COLUMNS + " order by p.id desc limit ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(read(c, rs));
                    }
                }
            }
            return all;
        });
    }

    /** Payday {@code id} and up to {@code limit - 1} before it, latest first. */
    public List<Summary> listUpTo(long id, int limit) {
        return database.read(c -> {
            List<Summary> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(COLUMNS + " where p.id <= ? order by p.id desc limit ?")) {
                s.setLong(1, id);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(read(c, rs));
                    }
                }
            }
            return all;
        });
    }

    public Optional<Summary> find(long id) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(COLUMNS + " where p.id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(read(c, rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Summary> open() {
        return list(1).stream().filter(Summary::open).findFirst();
    }

    public List<PaydayError> errors(long paydayId) {
        return ErrorLog.load(database, paydayId);
    }

    /** Up to {@code limit} errors of payday {@code paydayId} after {@code afterId} (0: from its first error). */
    public ErrorPage errors(long paydayId, long afterId, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a page holds at least one error, not " + limit);
        }
        return ErrorLog.page(database, paydayId, afterId, limit);
    }

    private static Summary read(java.sql.Connection c, ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        Timestamp end = rs.getTimestamp(3);
        PaydayStats stats = end == null ? PaydayStats.compute(c, id) : PaydayStats.fromStoredJson(rs.getString(7));
        return new Summary(id, rs.getTimestamp(2).toInstant(), end == null ? null : end.toInstant(),
                Phase.valueOf(rs.getString(4)), rs.getBoolean(5), rs.getString(6), stats);
    }
}
