package org.paydesk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.db.BulkLoad.ForeignKeyChecks;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

/** The COPY with foreign keys checked in bulk really checks them, and leaves the session as it was. */
@ExtendWith(DatabaseExtension.class)
class BulkLoadTest {

    @Test
    void aRowWhoseForeignKeyPointsNowhereFailsTheCopyCheckedInBulk(Database database) {
        long tipsBefore = database.read(c -> Fixtures.count(c, "select count(*) from tip"));
        assertThatThrownBy(() -> database.inTransaction(c -> {
            BulkLoad bulk = new BulkLoad(c, ForeignKeyChecks.IN_BULK_WHEN_ALLOWED);
            assertThat(bulk.checksKeysInBulk()).as("the embedded server's role is a superuser").isTrue();
            long[] two = twoParticipants(c);
            return bulk.copyCheckingKeysAfter("tip", "tipper_id, tippee_id, amount", copy -> {
                copy.value(two[0]).value(two[1]).value("1.00").endRow();
                copy.value(two[0]).value(999_999_999L).value("2.00").endRow();
            }, "select count(*) from tip t where not exists (select 1 from participant p where p.id = t.tippee_id)");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 tip rows refer to rows that do not exist");
        long tipsAfter = database.read(c -> Fixtures.count(c, "select count(*) from tip"));
        assertThat(tipsAfter).isEqualTo(tipsBefore);
    }

    @Test
    void afterABulkCopyTheDatabaseChecksKeysRowByRowAgainInTheSameTransaction(Database database) {
        String role = database.inTransaction(c -> {
            BulkLoad bulk = new BulkLoad(c, ForeignKeyChecks.IN_BULK_WHEN_ALLOWED);
            long[] two = twoParticipants(c);
            bulk.copyCheckingKeysAfter("tip", "tipper_id, tippee_id, amount",
                    copy -> copy.value(two[0]).value(two[1]).value("1.00").endRow(),
                    "select 0");
            String after = text(c, "show session_replication_role");
            assertThatThrownBy(() -> {
                try (PreparedStatement s = c.prepareStatement("insert into tip (tipper_id, tippee_id, amount)"
                        + " values (?, 999999999, 1.00)")) {
                    s.setLong(1, two[0]);
                    s.executeUpdate();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("tip_tippee_id_fkey");
            c.rollback();
            return after;
        });
        assertThat(role).isEqualTo("origin");
    }

    @Test
    void theLedgersTablesAlwaysFireTheirTriggers(Database database) {
        for (String table : BulkLoad.LEDGER_TABLES) {
            assertThatThrownBy(() -> database.inTransaction(c -> new BulkLoad(c, ForeignKeyChecks.IN_BULK_WHEN_ALLOWED)
                    .copyCheckingKeysAfter(table, "id", copy -> { }, "select 0")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledger table");
        }
    }

    @Test
    void textIsEscapedForCopy(Database database) {
        String odd = "back\\slash \\N tab\tnew\nline\rend";
        String back = database.inTransaction(c -> {
            new BulkLoad(c, ForeignKeyChecks.PER_ROW).copy("setting", "key, value",
                    copy -> copy.value("bulk.test").value(odd).endRow());
            String read = text(c, "select value from setting where key = 'bulk.test'");
            c.rollback();
            return read;
        });
        assertThat(back).isEqualTo(odd);
    }

    /** Two participants of this transaction (accounts and participants), returned as their ids. */
    private static long[] twoParticipants(Connection c) throws SQLException {
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            try (PreparedStatement s = c.prepareStatement("with a as (insert into account (kind) values ('PARTICIPANT')"
                    + " returning id) insert into participant (id, username, display_name) select id, 'bulk' || id, 'B'"
                    + " from a returning id"); ResultSet rs = s.executeQuery()) {
                rs.next();
                ids[i] = rs.getLong(1);
            }
        }
        return ids;
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
