package org.paydesk.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Ids taken from a sequence ahead of a set-based write, so the rows need no round trip for them. */
public final class SequenceIds {

    /** Ids asked for per statement: a million come in ten round trips, none of a size to strain memory. */
    private static final int PER_STATEMENT = 100_000;

    private SequenceIds() {
    }

    /** {@code count} new ids of {@code sequence} (taken with nextval: safe alongside other sessions), in order. */
    public static long[] next(Connection c, String sequence, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement s = c.prepareStatement("select nextval(?::regclass) from generate_series(1, ?)")) {
            s.setString(1, sequence);
            for (int from = 0; from < count; from += PER_STATEMENT) {
                s.setInt(2, Math.min(PER_STATEMENT, count - from));
                try (ResultSet rs = s.executeQuery()) {
                    for (int i = from; rs.next(); i++) {
                        ids[i] = rs.getLong(1);
                    }
                }
            }
        }
        return ids;
    }
}
