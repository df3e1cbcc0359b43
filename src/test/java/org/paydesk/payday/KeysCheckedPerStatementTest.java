package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paydesk.db.DataAccessException;

/**
 * The keys of the rows a payday writes by the hundred thousand (transfer, owed_item, posting,
 * exchange) are checked once per statement instead of by row-by-row foreign keys (V45), and the
 * rows they refer to can no longer go away. Each key is tried with a row referring to nothing.
 */
class KeysCheckedPerStatementTest {

    private static final long MISSING = 999_999_999L;

    private static PaydayFixture f;
    private static long payday;
    private static long entry;
    private static long bob;
    private static long paidTip;
    private static long owedTip;

    @BeforeAll
    static void aPaydayWithATransferAnOwedAmountAndACharge() {
        f = new PaydayFixture("""
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok", "claimed": true},
                  {"username": "bob", "claimed": true},
                  {"username": "carol", "claimed": true}
                ],
                "tips": [
                  {"tipper": "alice", "tippee": "bob", "amount": "1.00"},
                  {"tipper": "carol", "tippee": "bob", "amount": "1.00"}
                ]}""");
        f.runForced();
        payday = f.count("select max(id) from payday");
        entry = f.count("select entry_id from transfer");
        bob = f.count("select id from participant where username = 'bob'");
        paidTip = f.count("select tip_id from transfer");
        owedTip = f.count("select tip_id from owed_item");
        assertThat(f.count("select count(*) from exchange where entry_id is not null")).isEqualTo(1);
    }

    @AfterAll
    static void close() {
        f.close();
    }

    @ParameterizedTest(name = "transfer.{0}")
    @CsvSource({"payday_id, payday", "entry_id, journal_entry", "tip_id, tip", "owed_item_id, owed_item"})
    void aTransferMustReferToRowsThatExist(String column, String table) {
        // carol's tip has no transfer in this payday, so only the key tried can be wrong.
        refused("insert into transfer (payday_id, entry_id, tip_id, owed_item_id, tipper_id, tippee_id, amount) select "
                + key(column, "payday_id", payday) + ", " + key(column, "entry_id", entry) + ", "
                + key(column, "tip_id", owedTip) + ", " + key(column, "owed_item_id", null)
                + ", tipper_id, tippee_id, amount from tip where id = " + owedTip, "transfer", column, table);
    }

    /** {@code value}, or an id that nothing has when {@code column} is the one {@code tried}. */
    private static String key(String tried, String column, Long value) {
        return tried.equals(column) ? String.valueOf(MISSING) : value + "::bigint";
    }

    @ParameterizedTest(name = "owed_item.{0}")
    @ValueSource(strings = {"created_payday_id", "closed_payday_id", "tip_id"})
    void anOwedAmountMustReferToRowsThatExist(String column) {
        // alice's tip was paid, so it has no owed item in this payday.
        String values = switch (column) {
            case "created_payday_id" -> paidTip + ", " + MISSING + ", null";
            case "closed_payday_id" -> paidTip + ", " + payday + ", " + MISSING;
            default -> MISSING + ", " + payday + ", null";
        };
        String status = column.equals("closed_payday_id") ? "'PAID', now()" : "'OPEN', null";
        refused("insert into owed_item (tip_id, created_payday_id, closed_payday_id, tipper_id, tippee_id, amount,"
                + " created_at, status, closed_at) select " + values + ", tipper_id, tippee_id, amount, now(), " + status
                + " from tip where id = " + paidTip, "owed_item", column, column.equals("tip_id") ? "tip" : "payday");
    }

    @Test
    void closingAnOwedAmountChecksThePaydayThatClosedIt() {
        refused("update owed_item set status = 'CANCELLED', closed_at = now(), closed_payday_id = " + MISSING,
                "owed_item", "closed_payday_id", "payday");
    }

    @Test
    void oneBadPostingAmongAThousandIsFound() {
        refused("with e as (insert into journal_entry (kind, description) values ('CREDIT', 'test') returning id)"
                + " insert into posting (entry_id, account_id, amount) select e.id,"
                + " case when g = 700 then " + MISSING + " else " + bob + " end, case when g % 2 = 0 then 1 else -1 end"
                + " from e, generate_series(1, 1000) g", "posting", "account_id", "account");
    }

    @Test
    void aPostingMustBelongToAnEntryThatExists() {
        refused("insert into posting (entry_id, account_id, amount) values (" + MISSING + ", " + bob + ", 1), ("
                + MISSING + ", " + bob + ", -1)", "posting", "entry_id", "journal_entry");
    }

    @ParameterizedTest(name = "exchange.{0}")
    @CsvSource({"participant_id, participant", "payday_id, payday", "entry_id, journal_entry"})
    void anExchangeMustReferToRowsThatExist(String column, String table) {
        String columns = "kind, participant_id, payday_id, entry_id, amount, fee, token, status";
        refused("insert into exchange (" + columns + ", idempotency_key) select "
                + columns.replace(column, String.valueOf(MISSING)) + ", 'test-' || idempotency_key from exchange", "exchange", column,
                table);
        if (column.equals("entry_id")) {
            refused("update exchange set " + column + " = " + MISSING, "exchange", column, table);
        }
    }

    @ParameterizedTest(name = "exchange.{0}")
    @ValueSource(strings = {"participant_id", "payday_id"})
    void anExchangeKeepsItsParticipantAndPayday(String column) {
        long before = f.count("select " + column + " from exchange");
        // The one exchange is alice's charge: bob is another participant that exists, null another payday.
        for (String value : new String[] {String.valueOf(MISSING), column.equals("payday_id") ? "null" : String.valueOf(bob)}) {
            String sql = "update exchange set " + column + " = " + value;
            assertThatThrownBy(() -> f.sql(sql)).as(sql).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("its participant and payday are those of the gateway call: a change refused");
        }
        // Setting the same value is no change: refused only when it differs.
        f.sql("update exchange set " + column + " = " + column);
        assertThat(f.count("select " + column + " from exchange")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"payday", "tip", "owed_item", "account", "participant"})
    void theRowsKeysReferToAreNeverDeletedNorRenumbered(String table) {
        for (String sql : new String[] {"delete from " + table, "update " + table + " set id = id + 1000000"}) {
            assertThatThrownBy(() -> f.sql(sql)).as(sql).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining(table + " rows are referred to by the ledger");
        }
        assertThat(f.count("select count(*) from " + table)).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tip", "owed_item"})
    void noTableReferredToCanBeTruncated(String table) {
        // No foreign key refers to these any more, so only the trigger stops a TRUNCATE.
        assertThatThrownBy(() -> f.sql("truncate " + table)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining(table + " rows are referred to by the ledger and the paydays' records: TRUNCATE refused");
    }

    @Test
    void rowsReferringToRowsThatExistAreWritten() {
        int written = f.paydesk.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                int rows = s.executeUpdate("insert into owed_item (tip_id, created_payday_id, tipper_id, tippee_id, amount,"
                        + " created_at) select id, " + payday + ", tipper_id, tippee_id, amount, now() from tip where id = "
                        + paidTip);
                rows += s.executeUpdate("update exchange set entry_id = " + entry);
                c.rollback();
                return rows;
            }
        });
        assertThat(written).isEqualTo(2);
    }

    private static void refused(String sql, String table, String column, String referenced) {
        assertThatThrownBy(() -> f.sql(sql)).as(sql).isInstanceOfSatisfying(DataAccessException.class, e -> {
            assertThat(e.sqlState()).isEqualTo(DataAccessException.FOREIGN_KEY_VIOLATION);
            assertThat(e.constraint()).isEqualTo(table + "_" + column + "_fkey");
            assertThat(DataAccessException.rootMessage(e)).contains("Key (" + column + ")=(" + MISSING
                    + ") is not present in table \"" + referenced + "\"");
        });
    }
}
