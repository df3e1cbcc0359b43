package org.paydesk.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.paydesk.app.Paydesk;

/** Small helpers to put known data into a test database. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Imports {@code json} (the import format of DESIGN §10) as the system operator. */
    public static void importJson(Paydesk paydesk, String json) {
        paydesk.importer().importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json",
                paydesk.systemStaffId());
    }

    public static long participantId(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id from participant where lower(username) = lower(?)")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no participant " + username);
                }
                return rs.getLong(1);
            }
        }
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
