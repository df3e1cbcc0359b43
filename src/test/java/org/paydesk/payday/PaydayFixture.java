package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeMap;
import org.paydesk.app.Paydesk;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** A fresh platform for one payday test, with ways to run paydays and read what they did. */
final class PaydayFixture implements AutoCloseable {

    final Paydesk paydesk;

    final DatabaseConfig config;

    PaydayFixture(String importJson) {
        this.config = TestDatabases.freshConfig();
        this.paydesk = Paydesk.open(config);
        Fixtures.importJson(paydesk, importJson);
    }

    PaydayStats run() {
        return run(false, PaydayHooks.NONE, 3);
    }

    PaydayStats runForced() {
        return run(true, PaydayHooks.NONE, 3);
    }

    PaydayStats run(boolean force, PaydayHooks hooks, int batchSize) {
        PaydayRunner.Options options = new PaydayRunner.Options(paydesk.systemCaller(), "test-host", force, batchSize, 4);
        return paydesk.payday().run(options, PaydayListener.NONE, () -> false, hooks);
    }

    BigDecimal balance(String username) {
        return paydesk.participants().findByUsername(username).orElseThrow().balance();
    }

    BigDecimal owed(String username) {
        return paydesk.participants().findByUsername(username).orElseThrow().owed();
    }

    String lastCharge(String username) {
        return paydesk.participants().findByUsername(username).orElseThrow().lastChargeResult();
    }

    String lastPayout(String username) {
        return paydesk.participants().findByUsername(username).orElseThrow().lastPayoutResult();
    }

    void sql(String statement) {
        paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    long count(String sql) {
        return paydesk.database().read(c -> Fixtures.count(c, sql));
    }

    /** Every row of a query as text, for comparing two platforms' outcomes. */
    List<String> rows(String sql) {
        return paydesk.database().read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                return Fixtures.rowsAsText(rs);
            }
        });
    }

    /** What a payday run leaves behind, independent of timing: balances, transfers, exchanges, owed items. */
    TreeMap<String, List<String>> outcome() {
        return Fixtures.paydayOutcome(this::rows);
    }

    @Override
    public void close() {
        paydesk.close();
    }
}
