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
import java.util.TreeMap;
import java.util.TreeSet;
import org.paydesk.db.Database;
import org.paydesk.db.Edits;
import jakarta.persistence.LockModeType;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/** Reads and changes the settings table. */
public final class SettingsStore {

    /** One stored setting as lists show it. */
    public record Entry(String key, String value, Instant updatedAt, long version) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Edits edits;

    public SettingsStore(Database database) {
        this.database = database;
        this.edits = new Edits(database);
    }

    public Settings load() {
        return Settings.fromText(database.read(c -> values(c)));
    }

    /** Every stored setting, by key. */
    public List<Entry> list() {
        return database.read(c -> {
            List<Entry> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select key, value, updated_at, version from setting order by key");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4)));
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
        return updateAll(caller, Map.of(key, value == null ? "" : value), Map.of());
    }

    /**
     * Changes several settings at once (ADMIN), all or nothing: the whole set is checked with every
     * new value before anything is written, and each changed key gets its audit row in the same
     * transaction. {@code seenVersions} are the versions the editor read ({@link Entry#version()});
     * if any of those settings changed since, nothing is written and a {@link ConcurrentEditException}
     * says which. Values equal to the stored ones are not written.
     */
    public Settings updateAll(Caller caller, Map<String, String> changes, Map<String, Long> seenVersions) {
        caller.require(Role.ADMIN, "change settings");
        return edits.inSession("Settings", session -> {
            // The rows stay locked, so two changes cannot each check a set the other is changing.
            Map<String, SettingEntity> rows = new HashMap<>();
            for (SettingEntity row : session.createSelectionQuery("from SettingEntity", SettingEntity.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
                rows.put(row.getKey(), row);
            }
            for (Map.Entry<String, Long> seen : new TreeMap<>(seenVersions).entrySet()) {
                SettingEntity row = rows.get(seen.getKey());
                if (row == null || row.getVersion() != seen.getValue()) {
                    throw new SettingsChangedException(seen.getKey());
                }
            }
            Map<String, String> values = new HashMap<>();
            rows.forEach((key, row) -> values.put(key, row.getValue()));
            Map<String, String> before = new HashMap<>(values);
            Map<String, String> changed = new TreeMap<>();
            for (Map.Entry<String, String> change : changes.entrySet()) {
                String key = change.getKey();
                if (!values.containsKey(key)) {
                    throw new InvalidSettingException("there is no setting '" + key + "' (settings: "
                            + String.join(", ", new TreeSet<>(values.keySet())) + ")");
                }
                String newValue = change.getValue() == null ? "" : change.getValue().strip();
                values.put(key, newValue);
                if (!newValue.equals(before.get(key))) {
                    changed.put(key, newValue);
                }
            }
            Settings checked = Settings.fromText(values);
            changed.forEach((key, value) -> rows.get(key).change(value));
            session.flush();
            session.doWork(c -> {
                for (Map.Entry<String, String> change : changed.entrySet()) {
                    AuditLog.record(c, caller.staffId(), "settings.update", "setting", change.getKey(),
                            valueJson(before.get(change.getKey())), valueJson(change.getValue()),
                            changed.size() > 1 ? "saved together with " + String.join(", ", otherKeys(changed, change.getKey()))
                                    : null);
                }
            });
            return checked;
        });
    }

    private static List<String> otherKeys(Map<String, String> changed, String key) {
        return changed.keySet().stream().filter(k -> !k.equals(key)).toList();
    }

    private static String valueJson(String value) {
        return JSON.createObjectNode().put("value", value).toString();
    }

    /** Every setting, by key. */
    private static Map<String, String> values(Connection c) throws SQLException {
        Map<String, String> all = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select key, value from setting");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getString(2));
            }
        }
        return all;
    }
}
