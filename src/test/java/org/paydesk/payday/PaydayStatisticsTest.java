package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.LedgerCheckpoint;

/**
 * The phases that plan joins over what the run has just written (the payout's candidates, the
 * end-of-run checks) see statistics that describe those tables as they are, not as they were
 * before the run; and the checks, planned at that point, run no nested loop over a sequential
 * scan of a table the run wrote. The guard for the 290-second CHECKS phase of a 200,000-participant
 * payday: its cause was a plan made from the statistics of tables that were empty a minute earlier.
 */
class PaydayStatisticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Seen(Phase phase, Map<String, String> stale, List<String> quadratic) {
    }

    @Test
    void thePhasesAfterThePayInPlanOnStatisticsOfTheTablesAsTheRunLeftThem() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}")) {
            f.paydesk.demo().generate(3_000, 11, DemoGenerator.Progress.NONE);
            f.sql("analyze");
            Instant before = Instant.now();
            List<Seen> seen = new ArrayList<>();
            f.run(true, (phase, point) -> {
                if (point.equals("statistics current") && TableStatistics.BEFORE.containsKey(phase)) {
                    seen.add(f.paydesk.database().read(c -> new Seen(phase,
                            stale(c, TableStatistics.BEFORE.get(phase), before),
                            phase == Phase.CHECKS ? quadraticPlans(c, InvariantChecker.queries()) : List.of())));
                }
            }, 200);

            assertThat(seen).extracting(Seen::phase).containsExactly(Phase.PAYOUT, Phase.CHECKS);
            for (Seen s : seen) {
                assertThat(s.stale()).as("tables with stale statistics before %s", s.phase()).isEmpty();
                assertThat(s.quadratic()).as("nested loops over a sequential scan before %s", s.phase()).isEmpty();
            }
            assertThat(f.count("select count(*) from posting")).as("the run wrote postings").isGreaterThan(1_500);

            // The first payday checked the whole ledger and made the checkpoint; the next checks since it.
            List<String> quadraticSince = new ArrayList<>();
            f.run(true, (phase, point) -> {
                if (phase == Phase.CHECKS && point.equals("statistics current")) {
                    quadraticSince.addAll(f.paydesk.database().read(c -> {
                        LedgerCheckpoint.Checkpoint cp = LedgerCheckpoint.current(c).orElseThrow();
                        return quadraticPlans(c, InvariantChecker.queriesSince(cp, InvariantChecker.marksNow(c, cp)));
                    }));
                }
            }, 200);
            assertThat(f.count("select count(*) from ledger_checkpoint")).as("checkpoints made").isEqualTo(2);
            assertThat(quadraticSince).as("nested loops over a sequential scan in the checks since the checkpoint").isEmpty();
        }
    }

    /** Tables not ANALYZEd since {@code since}, or whose row estimate is off by more than a tenth. */
    private static Map<String, String> stale(Connection c, List<String> tables, Instant since) throws SQLException {
        Map<String, String> stale = new LinkedHashMap<>();
        for (String table : tables) {
            try (PreparedStatement s = c.prepareStatement("select pg_stat_get_last_analyze_time(c.oid), c.reltuples,"
                    + " (select count(*) from " + table + ") from pg_class c where c.oid = ?::regclass")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    Instant analysed = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
                    double estimate = rs.getDouble(2);
                    long rows = rs.getLong(3);
                    if (analysed == null || analysed.isBefore(since)) {
                        stale.put(table, "last analysed " + analysed);
                    } else if (Math.abs(estimate - rows) > Math.max(10, rows / 10.0)) {
                        stale.put(table, "holds " + rows + " rows, planned as " + (long) estimate);
                    }
                }
            }
        }
        return stale;
    }

    /** Each check whose plan has a nested loop with a sequential scan on its inner side. */
    private static List<String> quadraticPlans(Connection c, List<String> queries) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String sql : queries) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (format json) " + sql)) {
                rs.next();
                JsonNode plan = readJson(rs.getString(1)).get(0).get("Plan");
                if (nestedLoopOverSeqScan(plan)) {
                    found.add(sql);
                }
            }
        }
        return found;
    }

    private static boolean nestedLoopOverSeqScan(JsonNode node) {
        JsonNode children = node.path("Plans");
        if ("Nested Loop".equals(node.path("Node Type").asText()) && children.size() == 2
                && scansSequentially(children.get(1))) {
            return true;
        }
        for (JsonNode child : children) {
            if (nestedLoopOverSeqScan(child)) {
                return true;
            }
        }
        return false;
    }

    /** The inner side reads a whole written table each time round (through a Materialize, say). */
    private static boolean scansSequentially(JsonNode node) {
        if ("Seq Scan".equals(node.path("Node Type").asText())) {
            return !"payday".equals(node.path("Relation Name").asText());
        }
        String type = node.path("Node Type").asText();
        if (type.equals("Materialize") || type.equals("Hash") || type.equals("Sort")) {
            for (JsonNode child : node.path("Plans")) {
                if (scansSequentially(child)) {
                    return !type.equals("Hash");
                }
            }
        }
        return false;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
