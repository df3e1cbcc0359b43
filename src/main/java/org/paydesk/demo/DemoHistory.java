package org.paydesk.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.db.Database;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayStats;
import org.paydesk.staff.Caller;
import org.paydesk.staff.AuditLog;

/**
 * Gives a fresh demo platform a few weeks of past paydays ({@code demo --weeks K}). The paydays
 * themselves are run for real, one after the other, by the caller; this moves the history they
 * wrote back by whole weeks, so that they read as weekly paydays, the latest a week ago, and the
 * next real payday is not refused by the rule of days between paydays.
 *
 * <p>Everything written before payday {@code i} of {@code K} started (the demo's members and tips,
 * and the paydays before it) moves back {@code K - i + 1} weeks, so every cut-off still comes after
 * the tips and members it counted, and times keep their order. The append-only records are not
 * rewritten: journal entries and the audit log keep the time they were really written at, and
 * the audit log says that the demo moved its paydays.
 */
public final class DemoHistory {

    /** The columns that say when demo data and payday work happened (the append-only tables excepted). */
    private static final String[][] TIMES = {
        {"participant", "created_at"}, {"participant", "claimed_at"}, {"tip", "created_at"},
        {"payday", "ts_start"}, {"payday", "ts_end"}, {"payday_error", "at"}, {"payday_due_tip", "tip_created_at"},
        {"transfer", "created_at"}, {"owed_item", "created_at"}, {"owed_item", "closed_at"},
        {"exchange", "created_at"}, {"exchange", "updated_at"}, {"sandbox_gateway_request", "processed_at"},
    };

    private final Database database;

    public DemoHistory(Database database) {
        this.database = database;
    }

    /**
     * Runs {@code weeks} real paydays one after the other (forced after the first) through
     * {@code runner} as {@code caller}, then moves them a week apart into the past; returns their ids.
     */
    public List<Long> runPastPaydays(PaydayRunner runner, Caller caller, String workstation, int weeks,
                                     DemoGenerator.Progress progress) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            progress.update("past payday " + (i + 1) + " of " + weeks, i, weeks);
            PaydayStats stats = runner.run(PaydayRunner.Options.of(caller, workstation, i > 0), PaydayListener.NONE,
                    () -> false);
            ids.add(stats.id());
        }
        spreadWeekly(ids, caller.staffId());
        progress.update("past paydays", weeks, weeks);
        return ids;
    }

    /**
     * Moves the paydays {@code paydayIds} (every payday there is, all closed, oldest first) and
     * what was written before and during them back by whole weeks, in one transaction, as
     * {@code staffId}. Refuses a database with other paydays or an open one.
     */
    public void spreadWeekly(List<Long> paydayIds, long staffId) {
        if (paydayIds.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            List<Long> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, ts_end from payday order by ts_start, id for update")) {
                while (rs.next()) {
                    if (rs.getTimestamp(2) == null) {
                        throw new IllegalStateException("payday " + rs.getLong(1) + " is still open; the demo"
                                + " history is made of closed paydays only");
                    }
                    all.add(rs.getLong(1));
                }
            }
            if (!all.equals(paydayIds)) {
                throw new IllegalStateException("the demo history is for a database whose only paydays are the"
                        + " demo's own " + paydayIds + "; this one has " + all);
            }
            int weeks = paydayIds.size();
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table demo_week_shift (from_ts timestamptz primary key, weeks int not null)"
                        + " on commit drop");
                // Before the first payday: as far back as the first payday goes.
                s.execute("insert into demo_week_shift values ('-infinity', " + weeks + ")");
            }
            try (PreparedStatement s = c.prepareStatement("insert into demo_week_shift"
                    + " select ts_start, ? - (row_number() over (order by ts_start, id))::int + 1 from payday")) {
                s.setInt(1, weeks);
                s.executeUpdate();
            }
            for (String[] time : TIMES) {
                shift(c, time[0], time[1]);
            }
            AuditLog.record(c, staffId, "demo.paydays_backdated", "payday", paydayIds.get(0) + "-"
                    + paydayIds.get(paydayIds.size() - 1), null, null, "demo history: " + weeks
                    + " paydays moved back to a week apart, the latest a week ago; their journal entries and"
                    + " audit records keep the time they were written");
            return null;
        });
    }

    private static void shift(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("update " + table + " t set " + column + " = t." + column
                    + " - make_interval(weeks => (select w.weeks from demo_week_shift w where w.from_ts <= t." + column
                    + " order by w.from_ts desc limit 1)) where t." + column + " is not null");
        }
    }
}
