package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.payday.Paydays;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/**
 * {@code demo --participants N --weeks K}: K real paydays, then a week apart in the past, the latest
 * a week ago; the checks pass and the next payday is not refused as too soon.
 */
class DemoWeeksCommandTest {

    @TempDir
    static Path dir;
    private static DatabaseConfig db;
    private static Run demo;
    private static Instant before;
    private static Paydesk paydesk;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void aDemoWithFourWeeks() {
        db = TestDatabases.freshConfig();
        before = Instant.now();
        demo = run("demo", "--participants", "400", "--weeks", "4");
        paydesk = Paydesk.open(db);
    }

    @AfterAll
    static void close() {
        paydesk.close();
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                "--data-dir", dir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long count(String sql) {
        return paydesk.database().read(c -> Fixtures.count(c, sql));
    }

    @Test
    void fourPaydaysAWeekApartTheLatestAWeekAgo() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("Ran 4 paydays and moved them a week apart, the latest a week ago");
        List<Paydays.Summary> paydays = new ArrayList<>(paydesk.paydays().listUpTo(4, 10));
        assertThat(paydays).extracting(Paydays.Summary::id).containsExactly(4L, 3L, 2L, 1L);
        Instant weekAgo = before.minus(Duration.ofDays(7));
        assertThat(paydays.get(0).tsStart()).isBetween(weekAgo, weekAgo.plus(Duration.ofMinutes(10)));
        for (int i = 0; i < 3; i++) {
            Duration apart = Duration.between(paydays.get(i + 1).tsStart(), paydays.get(i).tsStart());
            assertThat(apart).isBetween(Duration.ofDays(7), Duration.ofDays(7).plusMinutes(5));
            assertThat(paydays.get(i).stats().transfers()).as("payday %s moved money", paydays.get(i).id()).isPositive();
        }
        assertThat(paydays).allSatisfy(p -> assertThat(p.open()).isFalse());
    }

    @Test
    void everyTimeStillFallsWhereItsPaydaySaysItDid() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(count("select count(*) from tip where created_at > (select min(ts_start) from payday)"))
                .as("tips made after the first cut-off").isZero();
        assertThat(count("select count(*) from participant where claimed_at > (select min(ts_start) from payday)"))
                .isZero();
        assertThat(count("select count(*) from transfer t join payday p on p.id = t.payday_id"
                + " where t.created_at not between p.ts_start and p.ts_end")).as("transfers outside their payday").isZero();
        assertThat(count("select count(*) from exchange x join payday p on p.id = x.payday_id"
                + " where x.created_at not between p.ts_start and p.ts_end")).isZero();
        assertThat(count("select count(*) from owed_item o join payday p on p.id = o.created_payday_id"
                + " where o.created_at > p.ts_end")).isZero();
        assertThat(count("select count(*) from payday_error e join payday p on p.id = e.payday_id"
                + " where e.at not between p.ts_start and p.ts_end")).isZero();
        assertThat(count("select count(*) from audit_log where action = 'demo.paydays_backdated'")).isEqualTo(1);
    }

    @Test
    void theChecksPassAndTheNextPaydayIsNotTooSoon() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Run check = run("check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        Run next = run("payday", "run", "--json");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("\"id\" : 5");
        assertThat(run("check").exitCode()).isZero();
    }

    @Test
    void thePaydaysLeaveAVerifiedCheckpointThatCheckReverifiesAndCheckIncrementalStartsFrom() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(count("select count(*) from ledger_checkpoint where full_scan")).as("made by the first payday").isEqualTo(1);
        Run full = run("check", "--full");
        assertThat(full.exitCode()).as(full.out() + full.err()).isZero();
        assertThat(full.out()).contains("ok      the verified checkpoint agrees with the ledger");
        Run incremental = run("check", "--incremental");
        assertThat(incremental.exitCode()).as(incremental.out() + incremental.err()).isZero();
        assertThat(incremental.out()).containsPattern("Checking what was written since checkpoint #\\d+ \\(verified by payday #\\d+\\)")
                .contains("All checks passed.").doesNotContain("the verified checkpoint agrees");
        Run both = run("check", "--full", "--incremental");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("--full and --incremental exclude each other");
    }

    @Test
    void weeksOutOfRangeAreRefusedInWords() {
        Run tooMany = run("demo", "--participants", "10", "--weeks", "53");
        assertThat(tooMany.exitCode()).isNotZero();
        assertThat(tooMany.err()).contains("--weeks must be between 0 and 52, got 53");
    }
}
