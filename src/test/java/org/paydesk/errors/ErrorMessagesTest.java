package org.paydesk.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.testing.DatabaseExtension;

/** Real database failures, translated into words with no SQL, JDBC or server wording in them. */
@ExtendWith(DatabaseExtension.class)
class ErrorMessagesTest {

    private static void assertNoTechnicalText(String words) {
        assertThat(words).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("insert into")
                .doesNotContain("SQL").doesNotContain("ERROR:").doesNotContain("PSQLException")
                .doesNotContain("\u0000").doesNotContain("Batch entry").hasSizeLessThan(400);
    }

    @Test
    void aNumericOverflowSaysAnAmountIsTooLarge(Database database) {
        Throwable e = catchThrowable(() -> database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.execute("select 99999999999999.99::numeric(14, 2)");
            }
        }));
        assertThat(e).isInstanceOf(DataAccessException.class).hasMessageContaining("numeric field overflow");
        String words = ErrorMessages.explain(e);
        assertThat(words).contains("an amount is too large");
        assertNoTechnicalText(words);
    }

    @Test
    void aNulCharacterIsNamedWithoutEchoingIt(Database database) {
        Throwable e = catchThrowable(() -> database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into audit_log (staff_id, action, detail)"
                    + " select id, 'TEST', ? from staff where is_system")) {
                s.setString(1, "before\u0000after");
                return s.executeUpdate();
            }
        }));
        String words = ErrorMessages.explain(e);
        assertThat(words).contains("NUL character");
        assertNoTechnicalText(words);
    }

    @Test
    void aBatchFailureSaysWhichRuleWithoutTheBatchText(Database database) {
        Throwable e = catchThrowable(() -> database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into staff (username, display_name, password_hash)"
                    + " values (?, 'x', 'h')")) {
                for (String name : new String[] {"dup_staff", "DUP_STAFF"}) {
                    s.setString(1, name);
                    s.addBatch();
                }
                return s.executeBatch();
            }
        }));
        String words = ErrorMessages.explain(e);
        assertThat(words).contains("a staff member with that username already exists");
        assertNoTechnicalText(words);
    }

    @Test
    void aTriggersOwnWordsAreKept(Database database) {
        Throwable e = catchThrowable(() -> database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate("truncate audit_log");
            }
        }));
        String words = ErrorMessages.explain(e);
        assertThat(words).contains("audit_log is append-only: TRUNCATE refused");
        assertNoTechnicalText(words);
    }

    @Test
    void aServerThatGoesAwayMidStatementIsALostConnection(Database database) throws Exception {
        CompletableFuture<Integer> backend = new CompletableFuture<>();
        CompletableFuture<Object> sleeper = CompletableFuture.supplyAsync(() -> database.inTransaction(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                backend.complete(rs.getInt(1));
            }
            try (var s = c.createStatement()) {
                return s.execute("select pg_sleep(60)");
            }
        }));
        int pid = backend.get();
        database.read(c -> {
            // Waits for the statement to be running, then ends that server process as a crash would.
            try (PreparedStatement s = c.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where pid = ? and query like 'select pg_sleep%' and state = 'active'")) {
                s.setInt(1, pid);
                while (true) {
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            return rs.getBoolean(1);
                        }
                    }
                    Thread.onSpinWait();
                }
            }
        });
        Throwable e = catchThrowable(sleeper::get);
        assertThat(e).isInstanceOf(ExecutionException.class);
        String words = ErrorMessages.explain(e.getCause());
        assertThat(words).contains("connection to the database was lost").contains("retry");
        assertNoTechnicalText(words);
    }

    @Test
    void ourOwnMessagesPassThroughAndTheUnknownIsNamedWithoutAStackTrace() {
        assertThat(ErrorMessages.explain(new IllegalArgumentException("--format must be json or csv")))
                .isEqualTo("--format must be json or csv");
        assertThat(ErrorMessages.explain(new NullPointerException()))
                .isEqualTo("Unexpected error (NullPointerException); the log file in the data folder has the details.");
    }
}
