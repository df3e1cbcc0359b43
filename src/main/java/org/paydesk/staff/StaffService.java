package org.paydesk.staff;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.db.Edits;

/** Staff accounts, sign-in and roles (DESIGN §9). Every change is audited. */
public final class StaffService {

    /** One staff member as lists show them (never with the password hash). */
    public record StaffRow(long id, String username, String displayName, Set<Role> roles, boolean disabled,
                           boolean system, long version, boolean mustChangePassword) {

        /** An enabled, non-system ADMIN: one of those the installation must keep. */
        public boolean isEnabledAdmin() {
            return !system && !disabled && roles.contains(Role.ADMIN);
        }
    }

    static final int FREE_FAILURES = 3;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /**
     * Checked against when the username is unknown, so a wrong name takes as long as a wrong password.
     * In a holder class: computing it costs a memory-hard hash, which only a sign-in should pay.
     */
    private static final class Dummy {
        static final String HASH = Passwords.hash("not a real password".toCharArray());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Edits edits;

    public StaffService(Database database) {
        this.database = database;
        this.edits = new Edits(database);
    }

    /** True until the first real (non-system) staff member exists. */
    public boolean needsFirstAdmin() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select not exists (select 1 from staff where not is_system)");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** The first-run path: creates the first ADMIN, only while there is no staff member at all. */
    public Caller createFirstAdmin(String username, String displayName, char[] password) {
        checkNew(username, password);
        return database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("lock table staff in share row exclusive mode");
            }
            try (PreparedStatement s = c.prepareStatement("select count(*) from staff where not is_system");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new NotAllowedException("the first administrator already exists; ask an ADMIN to add you");
                }
            }
            Set<Role> all = EnumSet.allOf(Role.class);
            long id = insert(c, username, displayName, all, password);
            AuditLog.record(c, id, "staff.add", "staff", Long.toString(id), null, addedJson(username, all),
                    "first administrator (first run)");
            return new Caller(id, username, all);
        });
    }

    public long add(Caller caller, String username, String displayName, Set<Role> roles, char[] password) {
        caller.require(Role.ADMIN, "add staff");
        checkNew(username, password);
        return database.inTransaction(c -> {
            long id = insert(c, username, displayName, roles, password);
            AuditLog.record(c, caller.staffId(), "staff.add", "staff", Long.toString(id), null,
                    addedJson(username, roles), null);
            return id;
        });
    }

    /**
     * Sets a staff member's roles. Nobody removes their own ADMIN role, and the last enabled ADMIN
     * keeps it (the database refuses that too), so the installation can always be administered.
     */
    public void setRoles(Caller caller, long staffId, Set<Role> roles, long expectedVersion) {
        caller.require(Role.ADMIN, "change roles");
        boolean keepsAdmin = roles.contains(Role.ADMIN);
        if (!keepsAdmin && staffId == caller.staffId()) {
            throw new IllegalArgumentException("you cannot remove your own ADMIN role; ask another administrator");
        }
        String[] names = roles.stream().map(Enum::name).sorted().toArray(String[]::new);
        update(caller, staffId, expectedVersion, "staff.roles", staff -> staff.setRoles(roles), keepsAdmin ? null
                : "%s is the last enabled ADMIN and keeps that role; give someone else the ADMIN role first", "roles", names);
    }

    /** Disables or enables a staff member. Nobody disables themselves, nor the last enabled ADMIN. */
    public void setDisabled(Caller caller, long staffId, boolean disabled, long expectedVersion) {
        caller.require(Role.ADMIN, disabled ? "disable staff" : "enable staff");
        if (disabled && staffId == caller.staffId()) {
            throw new IllegalArgumentException("you cannot disable yourself");
        }
        update(caller, staffId, expectedVersion, disabled ? "staff.disable" : "staff.enable",
                staff -> staff.setDisabled(disabled),
                disabled ? "you cannot disable %s: they are the last enabled ADMIN; give someone else the ADMIN role first"
                        : null,
                "disabled", disabled);
    }

    /**
     * Gives a staff member a new password that they must change when they next sign in (an
     * administrator types it and tells them). Clears any sign-in slow-down. Audited, never the password.
     */
    public void resetPassword(Caller caller, long staffId, char[] password, long expectedVersion) {
        caller.require(Role.ADMIN, "reset passwords");
        edit(staffId, expectedVersion, (session, staff) -> {
            String weakness = Passwords.weakness(password, staff.getUsername());
            if (weakness != null) {
                throw new IllegalArgumentException(weakness);
            }
            String before = session.doReturningWork(c -> rowJson(c, staffId));
            staff.resetPassword(Passwords.hash(password));
            session.flush();
            session.doWork(c -> AuditLog.record(c, caller.staffId(), "staff.reset_password", "staff",
                    Long.toString(staffId), before, JSON.createObjectNode().put("must_change_password", true).toString(),
                    null));
            return null;
        });
    }

    /**
     * Applies one change to a staff row. When {@code lastAdminRefusal} is given the change would take
     * away an enabled ADMIN, and is refused with it if nobody else is one; the table lock makes two
     * such changes at once wait for each other instead of both passing the check.
     */
    private void update(Caller caller, long staffId, long expectedVersion, String action,
                        java.util.function.Consumer<StaffEntity> change, String lastAdminRefusal, String field,
                        Object afterValue) {
        edit(staffId, expectedVersion, (session, staff) -> {
            String before = session.doReturningWork(c -> {
                if (lastAdminRefusal != null) {
                    try (var s = c.createStatement()) {
                        s.execute("lock table staff in share row exclusive mode");
                    }
                    refuseIfLastAdmin(c, staffId, lastAdminRefusal);
                }
                return rowJson(c, staffId);
            });
            change.accept(staff);
            session.flush();
            session.doWork(c -> AuditLog.record(c, caller.staffId(), action, "staff", Long.toString(staffId), before,
                    JSON.createObjectNode().set(field, JSON.valueToTree(afterValue)).toString(), null));
            return null;
        });
    }

    /** Edits staff member {@code staffId} as seen at {@code expectedVersion}; the built-in system operator is not editable. */
    private void edit(long staffId, long expectedVersion, Edits.Change<StaffEntity, Void> change) {
        edits.inSession("Staff member #" + staffId, session -> {
            StaffEntity staff = session.get(StaffEntity.class, staffId);
            if (staff == null || staff.isSystem()) {
                throw new IllegalArgumentException("no staff member #" + staffId);
            }
            if (staff.getVersion() != expectedVersion) {
                throw new ConcurrentEditException("Staff member " + staff.getUsername());
            }
            return change.apply(session, staff);
        });
    }

    private static String addedJson(String username, Set<Role> roles) {
        var added = JSON.createObjectNode().put("username", username);
        roles.stream().map(Enum::name).sorted().forEach(added.putArray("roles")::add);
        return added.toString();
    }

    private static void refuseIfLastAdmin(Connection c, long staffId, String refusal) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select username, not is_system and not disabled"
                + " and 'ADMIN' = any (roles), (select count(*) from staff o where o.id <> ? and not o.is_system"
                + " and not o.disabled and 'ADMIN' = any (o.roles)) from staff where id = ?")) {
            s.setLong(1, staffId);
            s.setLong(2, staffId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getBoolean(2) && rs.getLong(3) == 0) {
                    throw new IllegalArgumentException(refusal.formatted(rs.getString(1)));
                }
            }
        }
    }

    /**
     * Signs a staff member in. After {@value #FREE_FAILURES} failures in a row each attempt must wait
     * twice as long as the last (1 s, 2 s, 4 s … up to 5 minutes) and is refused unchecked until then.
     */
    public Caller signIn(String username, char[] password) {
        return signIn(username, password, null);
    }

    /**
     * Signs in with the current password and sets a new one: what a staff member whose password was
     * reset must do (a plain {@link #signIn} then refuses with {@link PasswordChangeRequiredException}).
     * The same slow-down applies; the new password must be acceptable and differ from the current one.
     */
    public Caller signInWithNewPassword(String username, char[] password, char[] newPassword) {
        return signIn(username, password, java.util.Objects.requireNonNull(newPassword));
    }

    private Caller signIn(String username, char[] password, char[] newPassword) {
        // A refusal is decided and counted in the transaction, and thrown only once that committed.
        Object outcome = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, username, password_hash, roles, disabled,"
                    + " failed_sign_ins, last_failed_sign_in, now(), must_change_password from staff"
                    + " where lower(username) = lower(?) and not is_system for update")) {
                s.setString(1, username == null ? "" : username.strip());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        Passwords.matches(password, Dummy.HASH);
                        return new SignInException("wrong username or password");
                    }
                    long id = rs.getLong(1);
                    Timestamp lastFailure = rs.getTimestamp(7);
                    Instant now = rs.getTimestamp(8).toInstant();
                    Instant allowedFrom = lastFailure == null ? now : lastFailure.toInstant().plus(waitAfter(rs.getInt(6)));
                    if (now.isBefore(allowedFrom)) {
                        return new SignInThrottledException(rs.getString(2), Duration.between(now, allowedFrom));
                    }
                    if (!Passwords.matches(password, rs.getString(3))) {
                        recordFailure(c, id);
                        return new SignInException("wrong username or password");
                    }
                    if (rs.getBoolean(5)) {
                        return new SignInException(rs.getString(2) + " is disabled; ask an administrator");
                    }
                    try (PreparedStatement reset = c.prepareStatement(
                            "update staff set failed_sign_ins = 0, last_failed_sign_in = null where id = ?")) {
                        reset.setLong(1, id);
                        reset.executeUpdate();
                    }
                    if (newPassword != null) {
                        RuntimeException refused = changePassword(c, id, rs.getString(2), password, newPassword);
                        if (refused != null) {
                            return refused;
                        }
                    } else if (rs.getBoolean(9)) {
                        return new PasswordChangeRequiredException(rs.getString(2));
                    }
                    return new Caller(id, rs.getString(2), roles(rs.getArray(4)));
                }
            }
        });
        if (outcome instanceof RuntimeException refused) {
            throw refused;
        }
        return (Caller) outcome;
    }

    /** Stores {@code newPassword} and clears the must-change flag; returns why not instead, if it is not acceptable. */
    private static RuntimeException changePassword(Connection c, long id, String username, char[] current,
                                                   char[] newPassword) throws SQLException {
        String weakness = Passwords.weakness(newPassword, username);
        if (weakness != null) {
            return new IllegalArgumentException("the new password is not acceptable: " + weakness);
        }
        if (java.util.Arrays.equals(current, newPassword)) {
            return new IllegalArgumentException("the new password must differ from the current one");
        }
        try (PreparedStatement s = c.prepareStatement("update staff set password_hash = ?, must_change_password = false,"
                + " version = version + 1 where id = ?")) {
            s.setString(1, Passwords.hash(newPassword));
            s.setLong(2, id);
            s.executeUpdate();
        }
        AuditLog.record(c, id, "staff.change_password", "staff", Long.toString(id), null, null, null);
        return null;
    }

    static Duration waitAfter(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_FAILURES, 20);
        Duration wait = Duration.ofSeconds(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private static void recordFailure(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update staff set failed_sign_ins = failed_sign_ins + 1,"
                + " last_failed_sign_in = now() where id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        AuditLog.record(c, id, "staff.sign_in_failed", "staff", Long.toString(id), null, null, null);
    }

    /** The theme {@code staffId} last chose; light for someone who never chose. */
    public Appearance appearance(long staffId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select appearance from staff where id = ?")) {
                s.setLong(1, staffId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Appearance.valueOf(rs.getString(1)) : Appearance.LIGHT;
                }
            }
        });
    }

    /**
     * Remembers the caller's own theme. Not audited and no version bump: a display preference of
     * one's own changes no one's rights and must not make an administrator's open edit stale.
     */
    public void setAppearance(Caller caller, Appearance appearance) {
        java.util.Objects.requireNonNull(appearance);
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update staff set appearance = ? where id = ?")) {
                s.setString(1, appearance.name());
                s.setLong(2, caller.staffId());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The built-in operator that headless commands act as, with every role. */
    public Caller system() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, username from staff where is_system");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Caller(rs.getLong(1), rs.getString(2), EnumSet.allOf(Role.class));
            }
        });
    }

    public List<StaffRow> list() {
        return database.read(c -> {
            List<StaffRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id, username, display_name, roles, disabled, is_system,"
                    + " version, must_change_password from staff order by lower(username)"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StaffRow(rs.getLong(1), rs.getString(2), rs.getString(3), roles(rs.getArray(4)),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getLong(7), rs.getBoolean(8)));
                }
            }
            return rows;
        });
    }

    private static void checkNew(String username, char[] password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username '" + username + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        String weakness = Passwords.weakness(password, username);
        if (weakness != null) {
            throw new IllegalArgumentException(weakness);
        }
    }

    private static long insert(Connection c, String username, String displayName, Set<Role> roles, char[] password)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into staff (username, display_name, password_hash, roles)"
                + " values (?, ?, ?, ?::text[]) returning id")) {
            s.setString(1, username);
            s.setString(2, displayName == null || displayName.isBlank() ? username : displayName.strip());
            s.setString(3, Passwords.hash(password));
            s.setArray(4, c.createArrayOf("text", roles.stream().map(Enum::name).sorted().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (DataAccessException.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalArgumentException("a staff member named '" + username + "' already exists");
            }
            throw e;
        }
    }

    private static String rowJson(Connection c, long staffId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select json_build_object('username', username, 'roles', roles,"
                + " 'disabled', disabled, 'must_change_password', must_change_password)::text from staff where id = ?")) {
            s.setLong(1, staffId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no staff member #" + staffId);
                }
                return rs.getString(1);
            }
        }
    }

    private static Set<Role> roles(java.sql.Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : (Object[]) array.getArray()) {
            roles.add(Role.valueOf((String) name));
        }
        return roles;
    }
}
