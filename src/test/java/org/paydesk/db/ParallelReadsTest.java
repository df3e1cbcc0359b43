package org.paydesk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.testing.DatabaseExtension;

/** Reads on two connections at once, both on the caller's snapshot, results in the order added. */
@ExtendWith(DatabaseExtension.class)
class ParallelReadsTest {

    @Test
    void bothConnectionsReadAtOnceAndSeeTheCallersSnapshotNotWhatCommitsMeanwhile(Database database) {
        database.inTransaction(c -> execute(c, "create table parallel_reads_probe (n int);"
                + " insert into parallel_reads_probe values (1)"));
        try {
            readTheProbeOnTwoConnections(database);
        } finally {
            database.inTransaction(c -> execute(c, "drop table parallel_reads_probe"));
        }
    }

    private static void readTheProbeOnTwoConnections(Database database) {
        Set backends = new Set();
        CountDownLatch bothStarted = new CountDownLatch(2);
        java.util.concurrent.atomic.AtomicBoolean metTheOther = new java.util.concurrent.atomic.AtomicBoolean();
        List<ParallelReads.Result<Long>> counts = database.inTransaction(c -> {
            execute(c, "set transaction isolation level repeatable read, read only");
            count(c); // the caller's snapshot is taken here
            database.inTransaction(other -> execute(other, "insert into parallel_reads_probe values (2)"));
            ParallelReads reads = new ParallelReads();
            List<ParallelReads.Result<Long>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(reads.add(r -> {
                    backends.add(text(r, "select pg_backend_pid()::text"));
                    bothStarted.countDown();
                    // Each of the first two reads waits for the other: only two connections at once get past here.
                    if (awaitQuietly(bothStarted)) {
                        metTheOther.set(true);
                    }
                    return count(r);
                }));
            }
            reads.run(c, database.dataSource());
            return results;
        });
        assertThat(metTheOther).as("two reads ran at the same time: one waited for the other to start").isTrue();
        assertThat(backends.size()).as("on two connections").isEqualTo(2);
        assertThat(counts).extracting(ParallelReads.Result::get).as("the row committed after the snapshot is seen by neither")
                .containsOnly(1L).hasSize(6);
        assertThat(database.read(ParallelReadsTest::count)).isEqualTo(2L);
    }

    @Test
    void resultsComeInTheOrderTheReadsWereAddedWhicheverConnectionRanThem(Database database) {
        List<ParallelReads.Result<Integer>> results = new ArrayList<>();
        database.inTransaction(c -> {
            ParallelReads reads = new ParallelReads();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(reads.add(r -> Integer.parseInt(text(r, "select (" + n + " * 10)::text"))));
            }
            reads.run(c, database.dataSource());
            return null;
        });
        assertThat(results).extracting(ParallelReads.Result::get)
                .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190);
    }

    @Test
    void aFailureOnTheSecondConnectionIsThrownAndNoFurtherReadStarts(Database database) {
        Set ran = new Set();
        assertThatThrownBy(() -> database.inTransaction(c -> {
            ParallelReads reads = new ParallelReads();
            String callerPid = text(c, "select pg_backend_pid()::text");
            for (int i = 0; i < 50; i++) {
                int n = i;
                reads.add(r -> {
                    ran.add(Integer.toString(n));
                    if (!text(r, "select pg_backend_pid()::text").equals(callerPid)) {
                        text(r, "select 1 / 0");
                    }
                    text(r, "select pg_sleep(0.02)::text");
                    return n;
                });
            }
            reads.run(c, database.dataSource());
            return null;
        })).hasMessageContaining("division by zero");
        assertThat(ran.size()).as("the caller stopped taking reads once the second connection failed").isLessThan(50);
    }

    @Test
    void withWorkAlongsideTwoOtherConnectionsTakeTheReadsAndSeeNothingOfThatWork(Database database) {
        database.inTransaction(c -> execute(c, "create table parallel_reads_alongside (n int)"));
        try {
            Set readers = new Set();
            CountDownLatch bothReading = new CountDownLatch(2);
            List<ParallelReads.Result<Long>> counts = new ArrayList<>();
            String[] caller = new String[1];
            long seenByTheCaller = database.inTransaction(c -> {
                caller[0] = text(c, "select pg_backend_pid()::text");
                ParallelReads reads = new ParallelReads();
                for (int i = 0; i < 8; i++) {
                    counts.add(reads.add(r -> {
                        readers.add(text(r, "select pg_backend_pid()::text"));
                        bothReading.countDown();
                        awaitQuietly(bothReading); // the first read of each waits for the other's
                        text(r, "select pg_sleep(0.01)::text");
                        return Long.parseLong(text(r, "select count(*)::text from parallel_reads_alongside"));
                    }));
                }
                reads.run(c, database.dataSource(), w -> execute(w, "insert into parallel_reads_alongside values (1), (2)"));
                return Long.parseLong(text(c, "select count(*)::text from parallel_reads_alongside"));
            });
            assertThat(seenByTheCaller).isEqualTo(2L);
            assertThat(counts).extracting(ParallelReads.Result::get).containsOnly(0L).hasSize(8);
            assertThat(readers.size()).as("two connections read").isEqualTo(2);
            assertThat(readers.contains(caller[0])).as("the caller's connection took no read").isFalse();
        } finally {
            database.inTransaction(c -> execute(c, "drop table parallel_reads_alongside"));
        }
    }

    @Test
    void withoutASecondSourceEveryReadRunsOnTheCallersConnection(Database database) {
        Set backends = new Set();
        database.inTransaction(c -> {
            ParallelReads reads = new ParallelReads();
            for (int i = 0; i < 4; i++) {
                reads.add(r -> {
                    backends.add(text(r, "select pg_backend_pid()::text"));
                    return null;
                });
            }
            reads.run(c, null);
            return null;
        });
        assertThat(backends.size()).isEqualTo(1);
    }

    /** Whether the latch opened within 20 seconds. */
    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A set shared by the two connections' threads. */
    private static final class Set {
        private final java.util.Set<String> values = ConcurrentHashMap.newKeySet();

        void add(String value) {
            values.add(value);
        }

        int size() {
            return values.size();
        }

        boolean contains(String value) {
            return values.contains(value);
        }
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }

    private static long count(Connection c) throws SQLException {
        return Long.parseLong(text(c, "select count(*)::text from parallel_reads_probe"));
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
