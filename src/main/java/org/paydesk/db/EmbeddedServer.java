package org.paydesk.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server that lives in a data folder.
 *
 * <p>Several processes may use one data folder at once (the GUI and a command). Starting and
 * stopping happen under a file lock ({@code server.lock}): a process that finds a live server
 * (from {@code postmaster.pid}) connects to it instead of starting a second one on the same
 * files, and the last process out stops it. A process connects its pool before it lets go of
 * the lock, so a server is never stopped under a process that is about to use it.
 */
public final class EmbeddedServer implements AutoCloseable {

    static final String PGDATA = "pgdata";
    private static final String LOCK_FILE = "server.lock";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

    private final Path dataDir;
    private final int port;
    private final long postmasterPid;
    private final EmbeddedPostgres startedHere;
    private final FileChannel lockChannel;
    private FileLock lock;

    private EmbeddedServer(Path dataDir, int port, long postmasterPid, EmbeddedPostgres startedHere,
                           FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.port = port;
        this.postmasterPid = postmasterPid;
        this.startedHere = startedHere;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts the server in {@code dataDir}, or attaches to the one already running there. Returns
     * holding the start/stop lock: call {@link #releaseStartLock()} once connected.
     */
    public static EmbeddedServer startOrAttach(Path dataDir, Map<String, String> serverConfig) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            Path pgdata = dataDir.resolve(PGDATA);
            Optional<RunningPostmaster> running = RunningPostmaster.find(pgdata);
            if (running.isPresent()) {
                log.info("Using the PostgreSQL server already running in {} (pid {}, port {})",
                        pgdata, running.get().pid(), running.get().port());
                return new EmbeddedServer(dataDir, running.get().port(), running.get().pid(), null, channel, lock);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost");
            serverConfig.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            long pid = RunningPostmaster.find(pgdata).map(RunningPostmaster::pid).orElse(-1L);
            log.info("Started embedded PostgreSQL in {} on port {}", pgdata, postgres.getPort());
            return new EmbeddedServer(dataDir, postgres.getPort(), pid, postgres, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new DatabaseUnavailableException(explainStartFailure(dataDir, e), e);
        }
    }

    static String explainStartFailure(Path dataDir, Throwable e) {
        String all = causeChain(e);
        if (all.contains("cannot be run as root")) {
            return "The embedded PostgreSQL cannot run as root on this machine (user namespaces are not "
                    + "available). Run Paydesk as a normal user, or give an external server with --db-url "
                    + "(or PAYDESK_DB_URL).";
        }
        return "Could not start the embedded PostgreSQL in " + dataDir.resolve(PGDATA) + ": "
                + DataAccessException.rootMessage(e) + ". Check that the folder is writable and not on a network drive, "
                + "or give an external server with --db-url (or PAYDESK_DB_URL). The log file in "
                + dataDir.resolve("logs") + " has the details.";
    }

    private static String causeChain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    public boolean startedHere() {
        return startedHere != null;
    }

    /** Lets other processes start or stop the server; call once this process holds a connection. */
    public synchronized void releaseStartLock() {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                log.warn("Could not release {}", LOCK_FILE, e);
            }
            lock = null;
        }
    }

    /**
     * Stops the server if no other process is connected to it; otherwise leaves it running for
     * them (the last one out stops it). Call after this process closed its own connections.
     */
    @Override
    public synchronized void close() {
        try {
            if (lock == null) {
                lock = lockChannel.lock();
            }
            if (otherClients() > 0) {
                log.info("Leaving the embedded PostgreSQL running: other processes are connected");
            } else if (startedHere != null) {
                startedHere.close();
            } else {
                stopAttached();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not shut down the embedded PostgreSQL cleanly", e);
        } finally {
            releaseStartLock();
            closeQuietly(lockChannel);
        }
    }

    /** The name every connection of this process gives the server, so it can tell its own from others'. */
    public static String applicationName() {
        return "paydesk " + ProcessHandle.current().pid();
    }

    /** Other processes' connections; this one's may linger a moment after its pool closed, so they don't count. */
    private int otherClients() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
             PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity"
                     + " where backend_type = 'client backend' and pid <> pg_backend_pid()"
                     + " and application_name is distinct from ?")) {
            s.setString(1, applicationName());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            log.warn("Could not ask the server for its other clients", e);
            return 1;
        }
    }

    private void stopAttached() {
        ProcessHandle.of(postmasterPid).ifPresent(postmaster -> {
            postmaster.destroy();
            try {
                postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                log.info("Stopped the embedded PostgreSQL (pid {})", postmasterPid);
            } catch (Exception e) {
                log.warn("The embedded PostgreSQL (pid {}) did not stop in time", postmasterPid);
            }
        });
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL in " + dataDir.resolve(PGDATA) + " on port " + port;
    }

    /** A postmaster found alive through its pid file and answering on its port. */
    record RunningPostmaster(long pid, int port) {

        static Optional<RunningPostmaster> find(Path pgdata) {
            Path pidFile = pgdata.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            try {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                long pid = Long.parseLong(lines.get(0).trim());
                int port = Integer.parseInt(lines.get(3).trim());
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                return alive && answers(port) ? Optional.of(new RunningPostmaster(pid, port)) : Optional.empty();
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static boolean answers(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
