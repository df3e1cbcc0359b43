package org.paydesk.staff;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.db.Database;

/** Reads the audit log (DESIGN §9), newest first, a page at a time (ADMIN). */
public final class AuditTrail {

    /** One audit row; before and after are JSON text or null. */
    public record Row(long id, Instant at, String staff, String osUser, String host, String action, String targetType,
                      String targetId, String before, String after, String detail) {
    }

    /**
     * Which rows: each criterion may be null. {@code staff} is a username (any case); {@code action}
     * matches that action or, given a prefix such as {@code settings}, every action under it;
     * {@code target} matches a target's type ({@code staff}), its id ({@code currency}, {@code 42}) or
     * both ({@code staff 42}), in any case; rows are from {@code since} on and before {@code until};
     * {@code beforeId} continues a listing after its last row.
     */
    public record Filter(String staff, String action, String target, Instant since, Instant until, Long beforeId) {

        public static final Filter ALL = new Filter(null, null, null, null, null, null);

        public Filter(String staff, String action, Instant since, Long beforeId) {
            this(staff, action, null, since, null, beforeId);
        }

        /** The same rows, continuing after row {@code id}. */
        public Filter before(long id) {
            return new Filter(staff, action, target, since, until, id);
        }
    }

    public static final int MAX_PAGE = 1_000;

    private final Database database;

    public AuditTrail(Database database) {
        this.database = database;
    }

    /** At most {@code limit} rows (capped at {@link #MAX_PAGE}) matching {@code filter}, newest first. */
    public List<Row> list(Caller caller, Filter filter, int limit) {
        caller.require(Role.ADMIN, "read the audit log");
        if (limit < 1) {
            throw new IllegalArgumentException("the page size must be at least 1, got " + limit);
        }
        return database.read(c -> {
            if (filter.staff() != null) {
                try (PreparedStatement s = c.prepareStatement("select 1 from staff where lower(username) = lower(?)")) {
                    s.setString(1, filter.staff());
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("there is no staff member '" + filter.staff() + "'");
                        }
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select a.id, a.at, s.username, a.os_user, a.host, a.action,"
                    + " a.target_type, a.target_id, a.before::text, a.after::text, a.detail"
                    + " from audit_log a join staff s on s.id = a.staff_id"
                    + " where (?::text is null or lower(s.username) = lower(?::text))"
                    + " and (?::text is null or a.action = ?::text or a.action like ?::text || '.%')"
                    + " and (?::timestamptz is null or a.at >= ?::timestamptz)"
                    + " and (?::bigint is null or a.id < ?::bigint)"
                    + " and (?::timestamptz is null or a.at < ?::timestamptz)"
                    + " and (?::text is null or lower(a.target_type) = ?::text or lower(a.target_id) = ?::text"
                    + " or lower(a.target_type || ' ' || a.target_id) = ?::text)"
                    + " order by a.id desc limit ?")) {
                s.setString(1, filter.staff());
                s.setString(2, filter.staff());
                String action = filter.action() == null ? null : filter.action().strip();
                s.setString(3, action);
                s.setString(4, action);
                s.setString(5, action == null ? null : action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
                Timestamp since = filter.since() == null ? null : Timestamp.from(filter.since());
                s.setTimestamp(6, since);
                s.setTimestamp(7, since);
                s.setObject(8, filter.beforeId(), java.sql.Types.BIGINT);
                s.setObject(9, filter.beforeId(), java.sql.Types.BIGINT);
                Timestamp until = filter.until() == null ? null : Timestamp.from(filter.until());
                s.setTimestamp(10, until);
                s.setTimestamp(11, until);
                String target = filter.target() == null || filter.target().isBlank() ? null
                        : filter.target().replace('#', ' ').replaceAll("\\s+", " ").strip().toLowerCase(java.util.Locale.ROOT);
                for (int i = 12; i <= 15; i++) {
                    s.setString(i, target);
                }
                s.setInt(16, Math.min(limit, MAX_PAGE));
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11)));
                    }
                }
                return rows;
            }
        });
    }
}
