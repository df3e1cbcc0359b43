package org.paydesk.random;

import org.paydesk.testing.Fixtures;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.TestDatabases;

/**
 * One real database for the whole property, with staff of each role, that can be put back to an
 * earlier state in milliseconds: every table is copied into a snapshot schema of the same
 * database and copied back (with the append-only triggers off for the copy, as a restore would).
 * A fresh database per try would cost a Hibernate start each; this costs a few small statements.
 */
final class World implements AutoCloseable {

    /** A named copy of every table and the values of every sequence. */
    record Snapshot(String schema, Map<String, long[]> sequences) {
    }

    final Paydesk paydesk;
    final Caller admin;
    /** CLERK only. */
    final Caller cleo;
    /** APPROVER and CLERK: may request a refund and is then refused its approval. */
    final Caller april;
    /** APPROVER only. */
    final Caller arno;
    /** OPERATOR only: launches paydays, may not queue or approve. */
    final Caller otto;
    final Map<String, Caller> staff = new LinkedHashMap<>();

    private final List<String> tables;
    private final List<String> sequenceNames;
    final Snapshot empty;

    World() {
        paydesk = Paydesk.wrap(TestDatabases.fresh());
        admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada's long password".toCharArray());
        cleo = add("cleo", EnumSet.of(Role.CLERK));
        april = add("april", EnumSet.of(Role.APPROVER, Role.CLERK));
        arno = add("arno", EnumSet.of(Role.APPROVER));
        otto = add("otto", EnumSet.of(Role.OPERATOR));
        // One week of grace, so that a single "week passes" step lets owed amounts expire.
        paydesk.settingsStore().update(admin, "owed.expiry_weeks", "1");
        paydesk.reloadSettings();
        tables = strings("select tablename from pg_tables where schemaname = 'public'"
                + " and tablename <> 'flyway_schema_history' order by tablename");
        sequenceNames = strings("select sequencename from pg_sequences where schemaname = 'public' order by 1");
        empty = save("snapshot_empty");
    }

    private Caller add(String name, EnumSet<Role> roles) {
        long id = paydesk.staff().add(admin, name, null, roles, (name + "'s long password").toCharArray());
        Caller caller = new Caller(id, name, roles);
        staff.put(name, caller);
        return caller;
    }

    /** Copies every table into {@code schema} (created on first use) and reads the sequences. */
    Snapshot save(String schema) {
        return paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create schema if not exists " + schema);
                for (String table : tables) {
                    s.execute("create table if not exists " + schema + "." + table + " (like public." + table + ")");
                    s.execute("delete from " + schema + "." + table);
                    s.execute("insert into " + schema + "." + table + " select * from public." + table);
                }
            }
            Map<String, long[]> values = new TreeMap<>();
            for (String sequence : sequenceNames) {
                try (PreparedStatement s = c.prepareStatement("select last_value, is_called from public." + sequence);
                     ResultSet rs = s.executeQuery()) {
                    rs.next();
                    values.put(sequence, new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0});
                }
            }
            return new Snapshot(schema, values);
        });
    }

    /** Puts every table and sequence back as {@code snapshot} found them. */
    void restore(Snapshot snapshot) {
        paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                // Off for this transaction only: the append-only triggers and foreign keys (a restore, not an edit).
                s.execute("set local session_replication_role = replica");
                for (String table : tables) {
                    s.execute("delete from public." + table);
                    s.execute("insert into public." + table + " select * from " + snapshot.schema() + "." + table);
                }
            }
            for (Map.Entry<String, long[]> e : snapshot.sequences().entrySet()) {
                try (PreparedStatement s = c.prepareStatement("select setval('public." + e.getKey() + "', ?, ?)")) {
                    s.setLong(1, e.getValue()[0]);
                    s.setBoolean(2, e.getValue()[1] == 1);
                    s.executeQuery().close();
                }
            }
            return null;
        });
        paydesk.reloadSettings();
    }

    List<String> strings(String sql, Object... args) {
        return paydesk.database().read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        });
    }

    BigDecimal decimal(String sql, Object... args) {
        return paydesk.database().read(c -> {
            try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        });
    }

    long number(String sql, Object... args) {
        return paydesk.database().read(c -> {
            try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        });
    }

    void sql(String sql) {
        paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Long[] ids) {
                s.setArray(i + 1, c.createArrayOf("bigint", ids));
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
        return s;
    }

    /** What a payday leaves behind, without times or generated references: to compare two runs of one payday. */
    TreeMap<String, List<String>> outcome() {
        TreeMap<String, List<String>> all = Fixtures.paydayOutcome(this::strings);
        all.put("paydays", strings("select id, phase, ts_end is not null, stats - 'errors' - 'phases' from payday order by id"));
        all.put("refunds", strings("select id, status, amount, error from refund order by id"));
        return all;
    }

    @Override
    public void close() {
        paydesk.close();
    }
}
