package org.paydesk.payday;

import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.paydesk.db.Transactions;

/**
 * Brings PostgreSQL's statistics of the tables a payday has just filled up to date before a phase
 * plans joins over them. Autovacuum's ANALYZE lags a run by minutes; planned from the figures of
 * the empty or week-old tables, the end-of-run checks once took a nested loop over a few million
 * fresh postings (290 s instead of 5). ANALYZE reads a fixed-size sample, so it costs about the
 * same at any size: well under a second per table next to the writes that made it necessary.
 */
final class TableStatistics {

    /** What the phases before each of these wrote, and what it queries or checks. */
    static final Map<Phase, List<String>> BEFORE = Map.of(
            Phase.PAYOUT, List.of("account", "journal_entry", "posting", "transfer", "owed_item", "exchange"),
            Phase.CHECKS, List.of("account", "journal_entry", "posting", "transfer", "owed_item", "exchange",
                    "sandbox_gateway_request", "payday_error", "ledger_account_changed", "ledger_checkpoint_account"));

    private TableStatistics() {
    }

    /** ANALYZEs what the work before {@code phase} wrote; nothing for a phase not listed. */
    static void refreshBefore(Phase phase, Transactions tx) {
        List<String> tables = BEFORE.get(phase);
        if (tables == null) {
            return;
        }
        tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("analyze " + String.join(", ", tables));
            }
            return null;
        });
    }
}
