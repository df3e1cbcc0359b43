package org.paydesk.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.paydesk.db.Database;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/** Reads and changes the settings table. */
public final class SettingsStore {

    /** One stored setting as lists show it. */
    public record Entry(String key, String value, Instant updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public SettingsStore(Database database) {
        this.database = database;
    }

    public Settings load() {
        return Settings.fromText(database.read(c -> values(c, false)));
    }

    /** Every stored setting, by key. */
    public List<Entry> list() {
        return database.read(c -> {
            List<Entry> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select key, value, updated_at from setting order by key");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return all;
        });
    }

    /**
     * Changes one setting (ADMIN). The whole set is checked with the new value before anything is
     * written, so a bad value is refused with its key named and nothing changes. The settings are
     * read again at the start of every payday run, so the next run uses the new value.
     */
    public Settings update(Caller caller, String key, String value) {
        caller.require(Role.ADMIN, "change settings");
        String newValue = value == null ? "" : value.strip();
        return database.inTransaction(c -> {
            Map<String, String> values = values(c, true);
            if (!values.containsKey(key)) {
                throw new InvalidSettingException("there is no setting '" + key + "' (settings: "
                        + String.join(", ", new TreeSet<>(values.keySet())) + ")");
            }
            String before = values.put(key, newValue);
            Settings checked = Settings.fromText(values);
            try (PreparedStatement s = c.prepareStatement(
                    "update setting set value = ?, updated_at = now(), version = version + 1 where key = ?")) {
                s.setString(1, newValue);
                s.setString(2, key);
                s.executeUpdate();
            }
            AuditLog.record(c, caller.staffId(), "settings.update", "setting", key, valueJson(before),
                    valueJson(newValue), null);
            return checked;
        });
    }

    private static String valueJson(String value) {
        return JSON.createObjectNode().put("value", value).toString();
    }

    /** Every setting; {@code lock} holds the rows so two changes cannot each check a set the other is changing. */
    private static Map<String, String> values(Connection c, boolean lock) throws SQLException {
        Map<String, String> all = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select key, value from setting" + (lock ? " for update" : ""));
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getString(2));
            }
        }
        return all;
    }
}
