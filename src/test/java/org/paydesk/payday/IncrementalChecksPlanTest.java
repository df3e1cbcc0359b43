package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.LedgerCheckpoint;
import org.paydesk.testing.Fixtures;

/**
 * The checks at the end of a payday read only what was written after the checkpoint: run on a
 * platform with three paydays of history, at the fourth payday's CHECKS phase (statistics as the
 * run leaves them), every scan of a history table in the plans PostgreSQL makes of the checks
 * (EXPLAIN ANALYZE, rows actually read, never a time) is an index scan that reads no more rows of
 * that table than were written after the mark, when sequential scans are priced out (on a platform
 * this small they can be the cheaper plan; on a large one the mark's selectivity picks the index). Counts, not seconds: the timing is the benchmark's.
 */
class IncrementalChecksPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tables that grow every week; the others (accounts, participants, tips) grow with the platform. */
    private static final Set<String> HISTORY = Set.of("journal_entry", "posting", "transfer", "owed_item", "exchange",
            "sandbox_gateway_request");

    private record Read(String table, String node, long rows) {
    }

    @Test
    void theChecksOfAPaydayReadOnlyTheHistoryWrittenAfterTheCheckpoint() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}")) {
            f.paydesk.demo().generate(1_500, 5, DemoGenerator.Progress.NONE);
            for (int week = 0; week < 3; week++) {
                f.run(true, PaydayHooks.NONE, 200);
            }
            List<List<Read>> reads = new ArrayList<>();
            Map<String, Long> after = new LinkedHashMap<>();
            Map<String, Long> total = new LinkedHashMap<>();
            f.run(true, (phase, point) -> {
                if (phase == Phase.CHECKS && point.equals("statistics current")) {
                    f.paydesk.database().read(c -> {
                        LedgerCheckpoint.Checkpoint cp = LedgerCheckpoint.current(c).orElseThrow();
                        LedgerCheckpoint.Marks to = InvariantChecker.marksNow(c, cp);
                        LedgerCheckpoint.Marks m = cp.marks();
                        after.put("journal_entry", Fixtures.count(c, "select count(*) from journal_entry where id > " + m.entry()));
                        after.put("posting", Fixtures.count(c, "select count(*) from posting where id > " + m.posting()));
                        after.put("transfer", Fixtures.count(c, "select count(*) from transfer where id > " + m.transfer()));
                        after.put("sandbox_gateway_request", Fixtures.count(c,
                                "select count(*) from sandbox_gateway_request where id > " + m.gatewayRequest()));
                        // Exchanges after the mark, and the open ones (the check that none is left open reads those).
                        after.put("exchange", Fixtures.count(c, "select count(*) from exchange where id > " + m.exchange()
                                + " or status in ('INTENT', 'UNKNOWN')"));
                        // Owed items after the mark: the open ones before it are carried by the checkpoint (V51).
                        after.put("owed_item", Fixtures.count(c, "select count(*) from owed_item where id > " + m.owedItem()));
                        for (String table : HISTORY) {
                            total.put(table, Fixtures.count(c, "select count(*) from " + table));
                        }
                        // On a platform this small a sequential scan of a small table is the cheaper plan,
                        // and the planner may pick one; what must hold is that no check is forced to read the
                        // history, so sequential scans are priced out and every scan must be bounded by the mark.
                        try (Statement s = c.createStatement()) {
                            s.execute("set enable_seqscan = off");
                        }
                        try {
                            for (String sql : InvariantChecker.queriesSince(cp, to)) {
                                reads.add(reads(c, sql));
                            }
                            for (String sql : InvariantChecker.paydayTermsQueries(cp.marks(), to)) {
                                reads.add(reads(c, sql));
                            }
                        } finally {
                            try (Statement s = c.createStatement()) {
                                s.execute("reset enable_seqscan");
                            }
                        }
                        return null;
                    });
                }
            }, 200);

            assertThat(f.count("select count(*) from ledger_checkpoint where not full_scan")).as("the 2nd, 3rd and 4th advanced it").isEqualTo(3);
            // Each full check has its incremental form (the four checks of an account's cached amounts
            // read as one), and the payday's two conservation sums are pinned too.
            assertThat(reads).hasSize(InvariantChecker.queries().size() - 3 + 2);
            for (String table : HISTORY) {
                assertThat(total.get(table)).as("%s has history below the mark", table)
                        .isGreaterThanOrEqualTo(2 * after.get(table));
            }
            assertThat(after.get("posting")).as("the payday wrote postings").isGreaterThan(100);
            for (List<Read> query : reads) {
                for (Read read : query) {
                    assertThat(read.node()).as("scan of %s", read.table()).doesNotContain("Seq Scan");
                    assertThat(read.rows()).as("rows of %s read by %s", read.table(), read.node())
                            .isLessThanOrEqualTo(after.get(read.table()));
                }
            }
            // All but the sandbox's requests: their one check, a key per request, reads that the
            // unique index enforcing it is in place (as do the checks of transfer and exchange keys).
            assertThat(reads.stream().flatMap(List::stream).map(Read::table))
                    .as("the checks do read the history tables")
                    .containsAll(HISTORY.stream().filter(t -> !t.equals("sandbox_gateway_request")).toList())
                    .doesNotContain("sandbox_gateway_request");
        }
    }

    private static List<Read> reads(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (analyze, buffers, format json) " + sql)) {
            rs.next();
            List<Read> found = new ArrayList<>();
            collect(readJson(rs.getString(1)).get(0).get("Plan"), found);
            return found;
        }
    }

    private static void collect(JsonNode node, List<Read> found) {
        String table = node.path("Relation Name").asText("");
        if (HISTORY.contains(table)) {
            long loops = node.path("Actual Loops").asLong();
            long rows = loops * (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong());
            found.add(new Read(table, node.path("Node Type").asText() + " " + node.path("Index Name").asText(""), rows));
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, found);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
