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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.paydesk.app.Paydesk;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.TestDatabases;

/**
 * One real database for a property, with staff of each role, that can be put back to an earlier
 * state in about 3 ms: every table is copied into a snapshot schema of the same database and copied
 * back (with the append-only triggers off for the copy, as a restore would), each way in one
 * statement batch. A fresh database per try would cost a Hibernate start each (seconds).
 */
final class World implements AutoCloseable {

    /** A named copy of every table, and the statements that put it and every sequence back. */
    record Snapshot(String schema, String restoreSql) {
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
    /** The snapshot schemas made so far. */
    private final Set<String> schemas = new HashSet<>();
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

    /**
     * Copies every table into {@code schema} (created on first use) and reads the sequences, in one
     * statement batch (one round trip); the restore's batch is prepared here, and copies back only the
     * tables that hold rows in the snapshot.
     */
    Snapshot save(String schema) {
        return paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                if (schemas.add(schema)) {
                    StringBuilder create = new StringBuilder("create schema if not exists " + schema + ";");
                    for (String table : tables) {
                        create.append(" create table if not exists ").append(schema).append('.').append(table)
                                .append(" (like public.").append(table).append(");");
                    }
                    s.execute(create.toString());
                }
                StringBuilder copy = new StringBuilder();
                for (String table : tables) {
                    copy.append("delete from ").append(schema).append('.').append(table).append("; insert into ")
                            .append(schema).append('.').append(table).append(" select * from public.").append(table)
                            .append(";");
                }
                for (String sequence : sequenceNames) {
                    copy.append(" select last_value, is_called from public.").append(sequence).append(";");
                }
                // One round trip: pgjdbc sends the statements of one string together and reads the results in order.
                s.execute(copy.toString());
                StringBuilder restore = new StringBuilder("set local session_replication_role = replica;");
                for (String table : tables) {
                    restore.append(" delete from public.").append(table).append(";");
                    s.getMoreResults(); // the insert
                    if (s.getUpdateCount() > 0) {
                        restore.append(" insert into public.").append(table).append(" select * from ").append(schema)
                                .append('.').append(table).append(";");
                    }
                    s.getMoreResults(); // the next delete, or the first sequence
                }
                for (String sequence : sequenceNames) {
                    try (ResultSet rs = s.getResultSet()) {
                        rs.next();
                        restore.append(" select setval('public.").append(sequence).append("', ").append(rs.getLong(1))
                                .append(", ").append(rs.getBoolean(2)).append(");");
                    }
                    s.getMoreResults();
                }
                return new Snapshot(schema, restore.toString());
            }
        });
    }

    /**
     * Puts every table and sequence back as {@code snapshot} found them: one statement batch in one
     * transaction, with the append-only triggers and foreign keys off for it (a restore, not an edit).
     */
    void restore(Snapshot snapshot) {
        paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(snapshot.restoreSql());
            }
            return null;
        });
        paydesk.reloadSettings();
    }

    /** {@code check}'s invariants and the rows of some queries, all from one snapshot of the database. */
    record Checked(List<InvariantChecker.CheckResult> invariants, List<List<String>> rows) {
    }

    /**
     * Runs {@code check}'s invariants ({@link InvariantChecker#runAll(Connection)}, as the command does)
     * and {@code queries} in one read-only repeatable-read transaction; the queries go in one round trip,
     * each row as its columns joined by " | ".
     */
    Checked checked(List<String> queries) {
        return paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            List<InvariantChecker.CheckResult> invariants = InvariantChecker.runAll(c);
            List<List<String>> all = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                boolean results = s.execute(String.join(";\n", queries));
                for (int i = 0; i < queries.size(); i++) {
                    if (!results) {
                        throw new IllegalStateException("no rows from " + queries.get(i));
                    }
                    try (ResultSet rs = s.getResultSet()) {
                        all.add(Fixtures.rowsAsText(rs));
                    }
                    results = s.getMoreResults();
                }
            }
            return new Checked(invariants, all);
        });
    }

    List<String> strings(String sql, Object... args) {
        return paydesk.database().read(c -> {
            try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
                return Fixtures.rowsAsText(rs);
            }
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
