package org.paydesk.settings;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.paydesk.db.Database;

/** Reads the settings table. */
public final class SettingsStore {

    private final Database database;

    public SettingsStore(Database database) {
        this.database = database;
    }

    public Settings load() {
        Map<String, String> values = database.read(c -> {
            Map<String, String> all = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select key, value from setting");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), rs.getString(2));
                }
            }
            return all;
        });
        return Settings.fromText(values);
    }
}
