package org.paydesk.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Independent read-only queries run two at a time: on the caller's connection and on a second
 * connection that reads the same snapshot. A large read (a check over the whole ledger) uses one
 * processor; on a machine with two, two of them side by side take about half the time.
 *
 * <p>The second connection imports the snapshot of the caller's transaction
 * ({@code pg_export_snapshot}, then {@code SET TRANSACTION SNAPSHOT} in a read-only
 * repeatable-read transaction), so it sees exactly what the caller's transaction saw when the
 * reads began, whatever commits meanwhile. The caller's own reads see its transaction: the same
 * snapshot at repeatable read; at read committed, the caller holds still whatever must not move
 * (as the payday's checks do with their locks).
 *
 * <p>Reads are taken in the order added, each by whichever connection is free first; add the
 * longest first. Results are read after {@link #run} returns.
 */
public final class ParallelReads {

    /** A read-only piece of work on a connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /** The value of one read, available once {@link #run} has returned. */
    public static final class Result<T> {
        private final Read<T> read;
        private T value;
        private boolean done;

        private Result(Read<T> read) {
            this.read = read;
        }

        private void runOn(Connection c) throws SQLException {
            value = read.apply(c);
            done = true;
        }

        public T get() {
            if (!done) {
                throw new IllegalStateException("the reads have not run");
            }
            return value;
        }
    }

    /** How long a reader waits for a table lock (it needs only ACCESS SHARE) before it gives up. */
    static final String READER_LOCK_TIMEOUT = "30s";

    private final List<Result<?>> reads = new ArrayList<>();

    public <T> Result<T> add(Read<T> read) {
        Result<T> result = new Result<>(read);
        reads.add(result);
        return result;
    }

    /**
     * Runs every read added: on {@code c}, which must be in a transaction, and on one connection of
     * {@code others} at the same time (none: all on {@code c}). Returns when all have run; the
     * first failure, on any connection, is thrown once all have stopped.
     */
    public void run(Connection c, DataSource others) throws SQLException {
        run(c, others, null);
    }

    /**
     * As {@link #run(Connection, DataSource)}, with {@code alongside} run on {@code c} meanwhile: then
     * {@code c} takes no read and two connections of {@code others} take them all. For work on the
     * caller's transaction that the reads must not see (they read the snapshot exported before it
     * began) and that takes no lock a reader could wait for: {@code ROW EXCLUSIVE} (insert, update,
     * delete) is one, {@code TRUNCATE}'s is not, and a reader waiting for {@code c} would wait forever.
     */
    public void run(Connection c, DataSource others, Read<?> alongside) throws SQLException {
        if (others == null || (alongside == null && reads.size() < 2)) {
            for (Result<?> r : reads) {
                r.runOn(c);
            }
            if (alongside != null) {
                alongside.apply(c);
            }
            return;
        }
        String snapshot;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_export_snapshot()")) {
            rs.next();
            snapshot = rs.getString(1);
        }
        Progress progress = new Progress();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < (alongside == null ? 1 : 2); i++) {
            Thread reader = new Thread(() -> readOnSnapshot(others, snapshot, progress), "parallel-reads-" + (i + 1));
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        try {
            if (alongside == null) {
                take(c, progress);
            } else {
                alongside.apply(c);
            }
        } catch (SQLException | RuntimeException | Error e) {
            progress.fail(e);
            readers.forEach(ParallelReads::joinQuietly);
            throw e;
        }
        readers.forEach(ParallelReads::joinQuietly);
        Throwable failure = progress.failure;
        if (failure instanceof SQLException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    /** The next read to take, and the first failure of any connection (after which none is taken). */
    private static final class Progress {
        final AtomicInteger next = new AtomicInteger();
        volatile Throwable failure;

        synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
        }

        boolean failed() {
            return failure != null;
        }
    }

    private void readOnSnapshot(DataSource others, String snapshot, Progress progress) {
        try (Connection other = others.getConnection()) {
            other.setAutoCommit(false);
            try {
                try (Statement s = other.createStatement()) {
                    s.execute("set transaction isolation level repeatable read, read only");
                    s.execute("set transaction snapshot '" + snapshot + "'");
                    // A reader's lock request queued behind another session's exclusive request, which
                    // itself waits for the caller's transaction, would wait forever: the caller waits
                    // for this reader in Java, where PostgreSQL sees no deadlock. It fails instead.
                    s.execute("set local lock_timeout = '" + READER_LOCK_TIMEOUT + "'");
                }
                take(other, progress);
            } finally {
                other.rollback();
            }
        } catch (SQLException | RuntimeException | Error e) {
            progress.fail(e);
        }
    }

    private void take(Connection c, Progress progress) throws SQLException {
        int i;
        while (!progress.failed() && (i = progress.next.getAndIncrement()) < reads.size()) {
            reads.get(i).runOn(c);
        }
    }

    private static void joinQuietly(Thread helper) {
        boolean interrupted = false;
        while (true) {
            try {
                helper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
