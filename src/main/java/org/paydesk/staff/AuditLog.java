package org.paydesk.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.paydesk.processor.Workstation;

/** Writes the append-only audit log (DESIGN §9) on the caller's connection, in the caller's transaction. */
public final class AuditLog {

    private AuditLog() {
    }

    /** Records that {@code staffId} did {@code action} to a target; before/after are JSON text or null. */
    public static void record(Connection c, long staffId, String action, String targetType, String targetId,
                              String beforeJson, String afterJson, String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into audit_log (staff_id, os_user, host, action,"
                + " target_type, target_id, before, after, detail) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)")) {
            s.setLong(1, staffId);
            s.setString(2, Workstation.osUser());
            s.setString(3, Workstation.hostName());
            s.setString(4, action);
            s.setString(5, targetType);
            s.setString(6, targetId);
            s.setString(7, beforeJson);
            s.setString(8, afterJson);
            s.setString(9, detail);
            s.executeUpdate();
        }
    }
}
