package org.paydesk.settings;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.paydesk.db.Database;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/** Reads the settings table. */
public final class SettingsStore {

    private final Database database;

    public SettingsStore(Database database) {
        this.database = database;
    }

    public Settings load() {
        return Settings.fromText(values());
    }

    /**
     * Changes one setting (ADMIN). The whole set is checked with the new value before anything is
     * written, so a bad value is refused with its key named and nothing changes. Takes effect at
     * the next start of Paydesk.
     */
    public Settings update(Caller caller, String key, String value) {
        caller.require(Role.ADMIN, "change settings");
        return database.inTransaction(c -> {
            Map<String, String> values = new HashMap<>(values());
            if (!values.containsKey(key)) {
                throw new InvalidSettingException("there is no setting '" + key + "' (settings: "
                        + String.join(", ", new java.util.TreeSet<>(values.keySet())) + ")");
            }
            String before = values.put(key, value == null ? "" : value.strip());
            Settings checked = Settings.fromText(values);
            try (PreparedStatement s = c.prepareStatement(
                    "update setting set value = ?, updated_at = now(), version = version + 1 where key = ?")) {
                s.setString(1, value.strip());
                s.setString(2, key);
                s.executeUpdate();
            }
            AuditLog.record(c, caller.staffId(), "settings.update", "setting", key,
                    "{\"value\": \"" + before + "\"}", "{\"value\": \"" + value.strip() + "\"}", null);
            return checked;
        });
    }

    private Map<String, String> values() {
        return database.read(c -> {
            Map<String, String> all = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select key, value from setting");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), rs.getString(2));
                }
            }
            return all;
        });
    }
}
