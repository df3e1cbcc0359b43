package org.paydesk.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
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

    /** Every row of {@code rs} as text, its columns joined by " | " (for comparing outcomes). */
    public static List<String> rowsAsText(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i > 1 ? " | " : "").append(rs.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /**
     * What a payday run leaves behind, independent of timing and generated references: balances,
     * transfers, exchanges and gateway requests by key, owed items, paydays and entry counts, each
     * as the rows {@code rows} reads for a query. To compare two platforms' outcomes.
     */
    public static TreeMap<String, List<String>> paydayOutcome(Function<String, List<String>> rows) {
        TreeMap<String, List<String>> all = new TreeMap<>();
        all.put("accounts", rows.apply("select p.username, a.committed, a.owed, a.pending, p.last_charge_result,"
                + " p.last_payout_result from participant p join account a on a.id = p.id order by p.username"));
        all.put("system accounts", rows.apply("select kind, committed from account where kind <> 'PARTICIPANT' order by kind"));
        all.put("transfers", rows.apply("select t.payday_id, er.username, ee.username, t.amount, t.owed_item_id is not null"
                + " from transfer t join participant er on er.id = t.tipper_id join participant ee on ee.id = t.tippee_id"
                + " order by 1, 2, 3, 4, 5"));
        all.put("exchanges", rows.apply("select x.kind, p.username, x.amount, x.fee, x.status, x.idempotency_key"
                + " from exchange x join participant p on p.id = x.participant_id order by x.idempotency_key"));
        all.put("gateway", rows.apply("select idempotency_key, operation, amount, outcome from sandbox_gateway_request"
                + " order by idempotency_key"));
        all.put("owed", rows.apply("select er.username, ee.username, o.amount, o.status, o.created_payday_id,"
                + " o.closed_payday_id from owed_item o join participant er on er.id = o.tipper_id"
                + " join participant ee on ee.id = o.tippee_id order by 1, 2, 5, 3, 4"));
        all.put("paydays", rows.apply("select id, phase, ts_end is not null from payday order by id"));
        all.put("entries", rows.apply("select kind, count(*) from journal_entry group by kind order by kind"));
        return all;
    }
}
