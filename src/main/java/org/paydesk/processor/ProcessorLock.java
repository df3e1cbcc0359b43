package org.paydesk.processor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.db.SqlWork;
import org.paydesk.db.Transactions;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one serial processor of DESIGN §4, platform-wide. Holding it is holding a PostgreSQL session
 * advisory lock on a connection of one's own: the server frees it the moment that connection
 * dies, so a crashed holder loses it at once. The {@code processor_lock} row says who holds it and
 * is refreshed by a heartbeat; a holder whose heartbeat stopped for {@link #STALE} while its
 * connection lingers (a frozen or unplugged machine) has its session ended by the next launcher.
 *
 * <p>Ending a session does not stop a frozen process from waking up and carrying on, so the lock
 * is fenced: each acquisition takes the next token, and the holder runs its work through
 * {@link Held#fenced()}, whose every transaction proves in the database that the token is still
 * its own ({@code processor_fence} in migration V5). A new holder first waits for, or after
 * {@link #FENCE_WAIT} ends, the old holder's transactions in flight, then moves the token on; the
 * old holder's next commit fails with {@link ProcessorLostException}.
 */
public final class ProcessorLock {

    static final long LOCK_KEY = 0x50617944_65736bL;
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration STALE = Duration.ofSeconds(20);
    static final Duration FENCE_WAIT = Duration.ofSeconds(5);
    /** The SQLSTATE processor_fence raises when the token has moved on. */
    static final String LOST = "PD001";
    private static final Logger log = LoggerFactory.getLogger(ProcessorLock.class);

    /** Who holds the processor, as every workstation can see it. */
    public record HolderInfo(String staffName, String workstation, String purpose, Instant startedAt,
                             Instant heartbeatAt) {

        public String describe() {
            return purpose + " is already running on " + workstation + " by " + staffName + " (started "
                    + startedAt + ", last heartbeat " + heartbeatAt + ")";
        }
    }

    private final Database database;

    public ProcessorLock(Database database) {
        this.database = database;
    }

    /** Takes the processor, or throws {@link ProcessorBusyException} saying who has it. */
    public Held acquire(long staffId, String staffName, String workstation, String purpose) {
        Connection connection = null;
        try {
            connection = database.dataSource().getConnection();
            connection.setAutoCommit(true);
            if (!tryLock(connection) && !(endStaleHolder(connection) && tryLock(connection))) {
                HolderInfo holder = holder(connection).orElse(
                        new HolderInfo("someone", "another workstation", "The processor", null, null));
                connection.close();
                throw new ProcessorBusyException(holder);
            }
            awaitFence(connection);
            long token;
            try (PreparedStatement s = connection.prepareStatement("update processor_lock set token = token + 1,"
                    + " staff_id = ?, staff_name = ?, workstation = ?, pid = pg_backend_pid(), purpose = ?,"
                    + " started_at = now(), heartbeat_at = now() where name = 'processor' returning token")) {
                s.setLong(1, staffId);
                s.setString(2, staffName);
                s.setString(3, workstation);
                s.setString(4, purpose);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    token = rs.getLong(1);
                }
            } finally {
                fenceUnlock(connection);
            }
            return new Held(connection, token, database);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DataAccessException(e);
        }
    }

    /**
     * Takes the fence key exclusively (released by {@link #fenceUnlock}): waits for the transactions
     * a previous holder still has in flight, and ends them if they outlast {@link #FENCE_WAIT} (a
     * frozen process holding one open).
     */
    private static void awaitFence(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_lock(processor_fence_key())")) {
            long deadline = System.nanoTime() + FENCE_WAIT.toNanos();
            while (true) {
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    endFencedTransactions(c);
                    deadline = System.nanoTime() + FENCE_WAIT.toNanos();
                }
                pause(Duration.ofMillis(50));
            }
        }
    }

    private static void endFencedTransactions(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(pg_terminate_backend(l.pid)) from pg_locks l"
                + " where l.locktype = 'advisory' and l.granted and l.pid <> pg_backend_pid()"
                + " and l.classid = (processor_fence_key() >> 32)::oid"
                + " and l.objid = (processor_fence_key() & 4294967295)::oid and l.objsubid = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            log.warn("Ended {} transaction(s) the previous processor holder still had open after {}", rs.getLong(1),
                    FENCE_WAIT);
        }
    }

    private static void fenceUnlock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(processor_fence_key())")) {
            s.execute();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the processor", e);
        }
    }

    /** Who holds the processor now, if anyone. */
    public Optional<HolderInfo> currentHolder() {
        try (Connection c = database.dataSource().getConnection()) {
            return holder(c);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The row, if its backend really holds the advisory lock (a dead holder's row is stale). */
    private static Optional<HolderInfo> holder(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select l.staff_name, l.workstation, l.purpose, l.started_at,"
                + " l.heartbeat_at from processor_lock l where l.name = 'processor' and exists (select 1 from pg_locks k"
                + " where k.locktype = 'advisory' and k.granted and k.pid = l.pid"
                + " and k.classid = (? >> 32)::oid and k.objid = (? & 4294967295)::oid and k.objsubid = 1)")) {
            s.setLong(1, LOCK_KEY);
            s.setLong(2, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HolderInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))));
            }
        }
    }

    private static boolean endStaleHolder(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_terminate_backend(pid::int) from processor_lock"
                + " where name = 'processor' and pid is not null and heartbeat_at < now() - make_interval(secs => ?)")) {
            s.setLong(1, STALE.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    log.warn("Ended a processor holder whose heartbeat stopped more than {} ago", STALE);
                    Thread.sleep(200);
                    return true;
                }
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to do
            }
        }
    }

    /** The held processor; closing it lets the next one in. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final long token;
        private final Transactions fenced;
        private final ScheduledExecutorService heartbeat;

        private Held(Connection connection, long token, Database database) {
            this.connection = connection;
            this.token = token;
            this.fenced = new Fenced(database, token);
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "processor-heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void beat() {
            try (PreparedStatement s = connection.prepareStatement(
                    "update processor_lock set heartbeat_at = now() where name = 'processor' and pid = pg_backend_pid()")) {
                s.executeUpdate();
            } catch (SQLException e) {
                log.warn("Processor heartbeat failed", e);
            }
        }

        /**
         * The database as this holder must write to it: every transaction first proves that the
         * processor is still this holder's, and fails with {@link ProcessorLostException} otherwise.
         */
        public Transactions fenced() {
            return fenced;
        }

        public long token() {
            return token;
        }

        @Override
        public synchronized void close() {
            heartbeat.shutdownNow();
            // Who held it last stays in the row (the fence names them to a holder that lost it); without a pid it is free.
            try (PreparedStatement clear = connection.prepareStatement("update processor_lock set pid = null,"
                    + " heartbeat_at = null where name = 'processor' and pid = pg_backend_pid()");
                 PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                clear.executeUpdate();
                unlock.setLong(1, LOCK_KEY);
                unlock.execute();
            } catch (SQLException e) {
                log.warn("Could not release the processor cleanly; closing its connection frees it", e);
            } finally {
                closeQuietly(connection);
            }
        }
    }

    /** Transactions that each begin by proving the holder's token (reads need no proof). */
    private record Fenced(Database database, long token) implements Transactions {

        @Override
        public <T> T inTransaction(SqlWork<T> work) {
            return database.inTransaction(c -> {
                prove(c);
                return work.run(c);
            });
        }

        @Override
        public <T> T read(SqlWork<T> work) {
            return database.read(work);
        }

        private void prove(Connection c) {
            try (PreparedStatement s = c.prepareStatement("select processor_fence(?)")) {
                s.setLong(1, token);
                s.execute();
            } catch (SQLException e) {
                if (LOST.equals(e.getSQLState())) {
                    String message = e instanceof PSQLException p && p.getServerErrorMessage() != null
                            ? p.getServerErrorMessage().getMessage() : e.getMessage();
                    throw new ProcessorLostException("This process " + message + "; it stopped, and the new holder"
                            + " carries on from what was committed", e);
                }
                throw new DataAccessException(e);
            }
        }
    }
}
