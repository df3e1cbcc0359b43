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
import javax.sql.DataSource;
import org.paydesk.db.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one serial processor of DESIGN §4, platform-wide. Holding it is holding a PostgreSQL session
 * advisory lock on a connection of one's own: the server frees it the moment that connection
 * dies, so a crashed holder loses it at once. The {@code processor_lock} row says who holds it and
 * is refreshed by a heartbeat; a holder whose heartbeat stopped for {@link #STALE} while its
 * connection lingers (a frozen or unplugged machine) has its session ended by the next launcher.
 */
public final class ProcessorLock {

    static final long LOCK_KEY = 0x50617944_65736bL;
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration STALE = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(ProcessorLock.class);

    /** Who holds the processor, as every workstation can see it. */
    public record HolderInfo(String staffName, String workstation, String purpose, Instant startedAt,
                             Instant heartbeatAt) {

        public String describe() {
            return purpose + " is already running on " + workstation + " by " + staffName + " (started "
                    + startedAt + ", last heartbeat " + heartbeatAt + ")";
        }
    }

    private final DataSource dataSource;

    public ProcessorLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the processor, or throws {@link ProcessorBusyException} saying who has it. */
    public Held acquire(long staffId, String staffName, String workstation, String purpose) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!tryLock(connection) && !(endStaleHolder(connection) && tryLock(connection))) {
                HolderInfo holder = holder(connection).orElse(
                        new HolderInfo("someone", "another workstation", "The processor", null, null));
                connection.close();
                throw new ProcessorBusyException(holder);
            }
            try (PreparedStatement s = connection.prepareStatement("update processor_lock set staff_id = ?, staff_name = ?,"
                    + " workstation = ?, pid = pg_backend_pid(), purpose = ?, started_at = now(), heartbeat_at = now()"
                    + " where name = 'processor'")) {
                s.setLong(1, staffId);
                s.setString(2, staffName);
                s.setString(3, workstation);
                s.setString(4, purpose);
                s.executeUpdate();
            }
            return new Held(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DataAccessException(e);
        }
    }

    /** Who holds the processor now, if anyone. */
    public Optional<HolderInfo> currentHolder() {
        try (Connection c = dataSource.getConnection()) {
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
        private final ScheduledExecutorService heartbeat;

        private Held(Connection connection) {
            this.connection = connection;
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

        @Override
        public synchronized void close() {
            heartbeat.shutdownNow();
            try (PreparedStatement clear = connection.prepareStatement("update processor_lock set staff_id = null,"
                    + " staff_name = null, workstation = null, pid = null, purpose = null, started_at = null,"
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
}
