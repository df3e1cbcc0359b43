package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.testing.TestDatabases;

/**
 * The guard against the hidden failure of issue 12: the end-of-payday checks took five minutes
 * instead of seconds because a table the run had just filled still looked empty to the planner,
 * which then nested a loop over it. This stops the run where it issues its pay-in batch queries
 * and its checks and requires, at that moment, that the statistics of every table the run wrote
 * are current (the cause), and that the EXPLAIN of those very queries has no nested loop that
 * rescans such a table (the symptom: its inner side must be an index lookup). Autovacuum is off for
 * those tables, so the run cannot count on it having analysed them. It times nothing.
 */
class PaydayPlansTest {

    private static final Set<String> WRITTEN = Set.of("posting", "journal_entry", "transfer", "owed_item", "exchange",
            "sandbox_gateway_request", "payday_error", "account", "participant", "payday_tipper", "payday_due_tip",
            "ledger_checkpoint_balance");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 150;

    @Test
    void noQueryTheRunIssuesNestsALoopOverATableTheRunWrote() {
        try (Paydesk paydesk = Paydesk.open(TestDatabases.freshConfig())) {
            paydesk.demo().generate(3_000, 7, 2.0, DemoGenerator.Progress.NONE);
            // The worst case, made certain: autovacuum has not caught up with any of the run's writes.
            paydesk.database().inTransaction(c -> {
                try (var s = c.createStatement()) {
                    for (String table : WRITTEN) {
                        s.execute("alter table " + table + " set (autovacuum_enabled = false)");
                    }
                }
                return null;
            });
            List<String> bad = new ArrayList<>();
            AtomicInteger payInBatches = new AtomicInteger();
            AtomicInteger checkQueries = new AtomicInteger();
            PaydayHooks hooks = (phase, point) -> {
                if (phase == Phase.PAYIN && point.equals("charges recorded") && payInBatches.incrementAndGet() % 3 == 0) {
                    bad.addAll(paydesk.database().read(PaydayPlansTest::staleStatistics));
                    bad.addAll(paydesk.database().read(PaydayPlansTest::payInPlans));
                }
                if (phase == Phase.CHECKS && point.equals("begin")) {
                    bad.addAll(paydesk.database().read(PaydayPlansTest::staleStatistics));
                    bad.addAll(paydesk.database().read(c -> {
                        List<String> found = new ArrayList<>();
                        for (String sql : InvariantChecker.queriesSinceCheckpoint(c)) {
                            checkQueries.incrementAndGet();
                            found.addAll(rescans(c, sql));
                        }
                        return found;
                    }));
                }
            };
            PaydayRunner.Options options = new PaydayRunner.Options(paydesk.systemCaller(), "test-host", true, BATCH, 4);
            PaydayStats stats = paydesk.payday().run(options, PaydayListener.NONE, () -> false, hooks);

            assertThat(stats.transfers()).as("a payday that moved money").isGreaterThan(1_000);
            assertThat(payInBatches.get()).isGreaterThanOrEqualTo(6);
            assertThat(checkQueries.get()).isGreaterThanOrEqualTo(8);
            assertThat(bad).isEmpty();
        }
    }

    /**
     * Tables the run wrote whose statistics the planner would read as much smaller than they are:
     * the cause of the bad plans, whichever queries it would have hit. Small tables are let be.
     */
    private static List<String> staleStatistics(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String table : WRITTEN) {
            try (PreparedStatement s = c.prepareStatement("select greatest(reltuples, 0), (select count(*) from "
                    + table + ") from pg_class where oid = ?::regclass")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    double analysed = rs.getDouble(1);
                    long rows = rs.getLong(2);
                    if (rows > analysed * 1.25 + 1_000) {
                        found.add(table + " holds " + rows + " rows but was analysed at " + Math.round(analysed));
                    }
                }
            }
        }
        return found;
    }

    /** The next batch's three queries, with that batch's own parameters. */
    private static List<String> payInPlans(Connection c) throws SQLException {
        long paydayId;
        long afterSeq;
        try (PreparedStatement s = c.prepareStatement("select id, cursor from payday where ts_end is null");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            paydayId = rs.getLong(1);
            afterSeq = rs.getLong(2);
        }
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select tipper_id from payday_tipper where payday_id = ?"
                + " and seq > ? order by seq limit ?")) {
            s.setLong(1, paydayId);
            s.setLong(2, afterSeq);
            s.setInt(3, BATCH);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        List<String> found = new ArrayList<>();
        found.addAll(rescans(c, PayIn.BATCH_TIPPERS, paydayId, afterSeq, BATCH));
        found.addAll(rescans(c, PayIn.BATCH_OWED, c.createArrayOf("bigint", ids.toArray()), paydayId));
        found.addAll(rescans(c, PayIn.BATCH_DUE, paydayId, c.createArrayOf("bigint", ids.toArray())));
        return found;
    }

    /** Nested loops in the plan of {@code sql} whose inner side scans a written table other than by index. */
    private static List<String> rescans(Connection c, String sql, Object... parameters) throws SQLException {
        JsonNode plan;
        try (PreparedStatement s = c.prepareStatement("explain (format json) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                plan = readJson(rs.getString(1)).get(0).get("Plan");
            }
        }
        List<String> found = new ArrayList<>();
        walk(plan, sql, found);
        return found;
    }

    private static void walk(JsonNode node, String sql, List<String> found) {
        JsonNode children = node.path("Plans");
        if (node.path("Node Type").asText().equals("Nested Loop") && children.size() == 2
                && !singleRow(children.get(0))) {
            List<String> rescanned = new ArrayList<>();
            rescannedTables(children.get(1), rescanned);
            if (!rescanned.isEmpty()) {
                found.add("nested loop rescans " + rescanned + " in: " + sql);
            }
        }
        children.forEach(child -> walk(child, sql, found));
    }

    /** An outer side that yields one row at most makes its inner side run once. */
    private static boolean singleRow(JsonNode outer) {
        String type = outer.path("Node Type").asText();
        return type.equals("Result") || (type.equals("Aggregate") && outer.path("Strategy").asText().equals("Plain"));
    }

    /** Written tables read, on a nested loop's inner side, by a scan that does not look up the outer row. */
    private static void rescannedTables(JsonNode node, List<String> into) {
        String type = node.path("Node Type").asText();
        String relation = node.path("Relation Name").asText();
        boolean lookup = node.has("Index Cond") || node.has("Recheck Cond");
        if (WRITTEN.contains(relation) && !lookup) {
            into.add(relation + " (" + type + ")");
        }
        node.path("Plans").forEach(child -> rescannedTables(child, into));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
