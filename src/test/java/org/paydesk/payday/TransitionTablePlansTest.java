package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.Ledger;

/**
 * The ledger's statement triggers read transition tables (the rows a statement wrote). PL/pgSQL
 * caches a trigger statement's plan per connection, planned with no idea of a transition table's
 * size; so a plan made for a one-row statement is reused for a statement of thousands, as happens
 * in a payday's connection (small writes, then a SETTLE of every pending amount). A join of two
 * transition tables planned as a nested loop then compares n x n rows: it made SETTLE take 9.6 s
 * instead of 0.1 s at 200,000 participants.
 *
 * <p>This runs each trigger first on one row, then on thousands, on the same connection, with
 * PostgreSQL's auto_explain reporting the plans the triggers actually execute (rows, loops; never
 * a time), and requires that no transition table is scanned more than once per statement.
 */
class TransitionTablePlansTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A node of a plan auto_explain reported: its statement, type, the table it reads (if any), and
     * per loop the rows it returned and the rows it read and threw away.
     */
    private record Node(String query, String type, String relation, long loops, long rows, long removed) {

        long read() {
            return loops * (rows + removed);
        }
    }

    @Test
    void noTriggerRescansATransitionTableWhenItsCachedPlanMeetsThousandsOfRows() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}")) {
            f.paydesk.demo().generate(3_000, 5, DemoGenerator.Progress.NONE);
            f.run(true, PaydayHooks.NONE, 1_000); // its checks make a checkpoint, which the insert triggers then guard
            Ledger ledger = f.paydesk.database().read(Ledger::load);
            List<Node> nodes = new ArrayList<>();
            f.paydesk.database().inTransaction(c -> {
                explainNestedStatements(c);
                List<Long> participants = ids(c, "select id from account where kind = 'PARTICIPANT' order by id");
                long adjustments = ledger.systemAccount(AccountKind.ADJUSTMENTS);

                // One row first: these plans are the ones the connection keeps.
                run(c, "update account set owed = owed + 0.01 where id = " + participants.get(0), nodes);
                credit(c, participants.subList(0, 1), adjustments, nodes);
                // Then thousands, through the same cached plans.
                run(c, "update account set owed = owed + 0.01 where kind = 'PARTICIPANT'", nodes);
                credit(c, participants, adjustments, nodes);
                c.rollback();
                return null;
            });
            List<Node> scans = nodes.stream().filter(n -> n.type().equals("Named Tuplestore Scan")).toList();

            assertThat(scans).as("auto_explain reported the triggers' plans")
                    .anySatisfy(scan -> assertThat(scan.query()).contains("new_accounts", "old_accounts"))
                    .anySatisfy(scan -> assertThat(scan.query()).contains("new_postings"))
                    .anySatisfy(scan -> assertThat(scan.query()).contains("new_rows"));
            assertThat(scans).as("the big statements' triggers read thousands of rows")
                    .anySatisfy(scan -> assertThat(scan.rows()).isGreaterThanOrEqualTo(3_000));
            assertThat(scans).allSatisfy(scan -> assertThat(scan.loops())
                    .as("times a transition table is scanned by: %s", scan.query()).isLessThanOrEqualTo(1));
        }
    }

    /**
     * The entry check of V1 joined the statement's postings to the posting table with a plan cached
     * per connection: in a payday it was a merge join reading posting_entry_idx from its first entry
     * to the new one, the whole ledger per statement (39,015 rows for 783 new postings at 200,000
     * participants; 14 s of a 1,000,000 run). Now it reads the postings of the entries written, and
     * no others, whatever the ledger's size.
     */
    @Test
    void theEntryCheckReadsThePostingsOfTheEntriesWrittenAndNoOthers() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}")) {
            f.paydesk.demo().generate(3_000, 5, DemoGenerator.Progress.NONE);
            f.run(true, PaydayHooks.NONE, 1_000);
            Ledger ledger = f.paydesk.database().read(Ledger::load);
            List<Node> nodes = new ArrayList<>();
            long ledgerSize = f.paydesk.database().inTransaction(c -> {
                explainNestedStatements(c);
                List<Long> participants = ids(c, "select id from account where kind = 'PARTICIPANT' order by id");
                long adjustments = ledger.systemAccount(AccountKind.ADJUSTMENTS);
                // The connection's first entry is a big one, as in a payday (a batch's charges), so
                // a plan cached for it meets the small ones after.
                try (Statement s = c.createStatement()) {
                    s.execute("discard plans");
                }
                for (int size : new int[] {1_000, 1, 100, 1, 1_000, 1}) {
                    nodes.clear();
                    credit(c, participants.subList(0, size), adjustments, nodes);
                    List<Node> scans = nodes.stream()
                            .filter(n -> n.query().contains("new_postings") && n.relation().equals("posting")).toList();
                    assertThat(scans).as("the entry check read the posting table").isNotEmpty();
                    assertThat(scans).allSatisfy(scan -> assertThat(scan.read())
                            .as("posting rows read after writing one entry of %d postings: %s", size + 1, scan)
                            .isLessThanOrEqualTo(size + 1));
                }
                long postings = ids(c, "select count(*) from posting").get(0);
                c.rollback();
                return postings;
            });
            assertThat(ledgerSize).as("a ledger three times the biggest entry written").isGreaterThan(3_000);
        }
    }

    /**
     * V50: the posting trigger's update of the cached balances probes account's primary key for
     * the accounts of a few postings, and reads account once, with no probe per account, when the
     * postings touch more than a tenth of the accounts (an import's opening balances, a SETTLE).
     */
    @Test
    void theBalanceUpdateProbesTheKeyForAFewPostingsAndReadsTheAccountsOnceForMany() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": []}")) {
            Ledger ledger = f.paydesk.database().read(Ledger::load);
            List<Node> few = new ArrayList<>();
            List<Node> many = new ArrayList<>();
            f.paydesk.database().inTransaction(c -> {
                // Enough accounts that, guessing 200 of them touched, the planner would probe their key.
                run(c, "insert into account (kind) select 'PARTICIPANT' from generate_series(1, 200000)", few);
                run(c, "analyze account", few);
                explainNestedStatements(c);
                List<Long> accounts = ids(c, "select id from account where kind = 'PARTICIPANT' order by id");
                long adjustments = ledger.systemAccount(AccountKind.ADJUSTMENTS);
                credit(c, accounts.subList(0, 10), adjustments, few);
                credit(c, accounts.subList(0, 40_000), adjustments, many);
                credit(c, accounts.subList(0, 10), adjustments, few);
                c.rollback();
                return null;
            });
            List<Node> fewReads = accountReadsOfTheBalanceUpdate(few);
            assertThat(fewReads).as("account read by key for 11 accounts")
                    .anySatisfy(n -> assertThat(n.type()).isEqualTo("Index Scan"))
                    .allSatisfy(n -> assertThat(n.type()).isNotEqualTo("Seq Scan"));
            assertThat(fewReads.stream().mapToLong(Node::read).sum()).as("account rows read by two updates of 11")
                    .isLessThanOrEqualTo(22);
            List<Node> manyReads = accountReadsOfTheBalanceUpdate(many);
            assertThat(manyReads).as("account read once, not probed per account").singleElement()
                    .satisfies(n -> assertThat(n.type()).isEqualTo("Seq Scan"))
                    .satisfies(n -> assertThat(n.loops()).isEqualTo(1));
        }
    }

    private static List<Node> accountReadsOfTheBalanceUpdate(List<Node> nodes) {
        return nodes.stream().filter(n -> n.query().startsWith("update account a set committed")
                && n.relation().equals("account") && !n.type().equals("ModifyTable")).toList();
    }

    private static void explainNestedStatements(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("load 'auto_explain'");
            s.execute("set local auto_explain.log_min_duration = 0");
            s.execute("set local auto_explain.log_nested_statements = on");
            s.execute("set local auto_explain.log_analyze = on");
            s.execute("set local auto_explain.log_timing = off");
            s.execute("set local auto_explain.log_format = json");
            s.execute("set local auto_explain.log_level = notice");
        }
    }

    /** One CREDIT entry of a cent to each of {@code participants}, in two statements as the ledger writes them. */
    private static void credit(Connection c, List<Long> participants, long adjustments, List<Node> nodes)
            throws SQLException {
        long entry = ids(c, "select nextval('journal_entry_id_seq')").get(0);
        run(c, "insert into journal_entry (id, kind, description) values (" + entry + ", 'CREDIT', 'plan test')", nodes);
        String ids = participants.stream().map(String::valueOf).collect(Collectors.joining(","));
        run(c, "insert into posting (entry_id, account_id, amount) select " + entry + ", id, 0.01 from account"
                + " where id in (" + ids + ") union all select " + entry + ", " + adjustments + ", -0.01 * "
                + participants.size(), nodes);
    }

    private static void run(Connection c, String sql, List<Node> nodes) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            collect(s.getWarnings(), nodes);
        }
    }

    /** Every node of every plan auto_explain sent as a notice. */
    private static void collect(SQLWarning warning, List<Node> nodes) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            String message = w.getMessage();
            int json = message.indexOf('{');
            if (!message.contains("plan:") || json < 0) {
                continue;
            }
            try {
                JsonNode explained = JSON.readTree(message.substring(json));
                walk(explained.path("Query Text").asText().replaceAll("\\s+", " ").trim(), explained.path("Plan"), nodes);
            } catch (Exception e) {
                throw new IllegalStateException("unreadable auto_explain notice: " + message, e);
            }
        }
    }

    private static void walk(String query, JsonNode node, List<Node> nodes) {
        nodes.add(new Node(query, node.path("Node Type").asText(), node.path("Relation Name").asText(),
                node.path("Actual Loops").asLong(), node.path("Actual Rows").asLong(),
                node.path("Rows Removed by Filter").asLong() + node.path("Rows Removed by Index Recheck").asLong()));
        for (JsonNode child : node.path("Plans")) {
            walk(query, child, nodes);
        }
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
