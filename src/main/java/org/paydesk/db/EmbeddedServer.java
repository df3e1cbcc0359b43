package org.paydesk.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server that lives in a data folder, run as a production server:
 * durable (fsync, full-page writes, synchronous commit, all in the cluster's configuration),
 * reachable over localhost TCP only and only with the superuser's secret, which is kept in the data
 * folder readable by its owner alone (see {@link ServerFiles}). A folder made by an earlier version
 * (no password, {@code trust} logins) is upgraded on start.
 *
 * <p>Several processes may use one data folder at once (the GUI and a command). Starting and
 * stopping happen under a file lock ({@code server.lock}): a process that finds a live server
 * (from {@code postmaster.pid}) connects to it instead of starting a second one on the same
 * files, and the last process out stops it. A process connects its pool before it lets go of
 * the lock, so a server is never stopped under a process that is about to use it.
 */
public final class EmbeddedServer implements AutoCloseable {

    static final String PGDATA = ServerFiles.PGDATA;
    private static final String LOCK_FILE = "server.lock";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

    private final ServerFiles files;
    private final int port;
    private final String secret;
    private final boolean startedHere;
    private final FileChannel lockChannel;
    private FileLock lock;
    private boolean closed;

    private EmbeddedServer(ServerFiles files, int port, String secret, boolean startedHere,
                           FileChannel lockChannel, FileLock lock) {
        this.files = files;
        this.port = port;
        this.secret = secret;
        this.startedHere = startedHere;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts the server in {@code dataDir}, or attaches to the one already running there. Returns
     * holding the start/stop lock: call {@link #releaseStartLock()} once connected.
     *
     * @param overrides settings for this run only, given on the server's command line; tests use
     *                  them to turn durability off. Empty for a real start.
     */
    public static EmbeddedServer startOrAttach(Path dataDir, Map<String, String> overrides) {
        FileChannel channel = null;
        try {
            Path folder = OwnerOnly.folder(dataDir);
            channel = FileChannel.open(OwnerOnly.file(folder.resolve(LOCK_FILE)), StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            ServerFiles files = new ServerFiles(folder);
            Optional<RunningPostmaster> running = RunningPostmaster.find(files.pgdata());
            if (running.isPresent() && !files.passwordRequired()) {
                running = upgradeRunning(files, running.get());
            }
            if (running.isPresent()) {
                log.info("Using the PostgreSQL server already running in {} (pid {}, port {})",
                        files.pgdata(), running.get().pid(), running.get().port());
                return new EmbeddedServer(files, running.get().port(), files.readSecret(), false, channel, lock);
            }
            PgCtl pg = PgCtl.unpacked();
            if (!files.hasCluster()) {
                create(files, pg, !"off".equals(overrides.get("fsync")));
            } else if (!files.passwordRequired()) {
                upgradeStopped(files, pg);
            }
            files.writeConfiguration();
            int port = start(files, pg, overrides);
            log.info("Started embedded PostgreSQL in {} on port {}", files.pgdata(), port);
            try {
                verifyLogin(port, files.readSecret());
            } catch (IOException | SQLException e) {
                pg.stop(files.pgdata());
                throw e;
            }
            return new EmbeddedServer(files, port, files.readSecret(), true, channel, lock);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(channel);
            throw new DatabaseUnavailableException(explainStartFailure(dataDir, e), e);
        }
    }

    /** A new cluster, made aside and moved into place so a crash never leaves half of one. */
    private static void create(ServerFiles files, PgCtl pg, boolean sync) throws IOException {
        Path staging = files.pgdata().resolveSibling(PGDATA + ".init");
        FileTrees.delete(staging);
        files.secret();
        pg.initdb(staging, files.secretFile(), "scram-sha-256", sync);
        Files.move(staging, files.pgdata(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A stopped cluster of an earlier version: the superuser gets the secret as its password. */
    private static void upgradeStopped(ServerFiles files, PgCtl pg) throws IOException, SQLException {
        String secret = files.secret();
        pg.singleUser(files.pgdata(), alterPassword(secret) + "\n");
        log.info("Upgraded the embedded PostgreSQL in {}: logins now need the secret in {}", files.pgdata(), files.secretFile());
    }

    /**
     * A running server of an earlier version (left by a process that was killed, or still used by
     * one): set the password over its {@code trust} login, then restart it on the new configuration
     * if nobody else uses it, else make it reload (logins need the secret from now on; the other
     * settings apply once the last process closes it). Returns the server if it is still running.
     */
    private static Optional<RunningPostmaster> upgradeRunning(ServerFiles files, RunningPostmaster running)
            throws IOException, SQLException {
        String secret = files.secret();
        try (Connection c = DriverManager.getConnection(url(running.port(), "postgres"), PgCtl.SUPERUSER, "");
             Statement s = c.createStatement()) {
            s.execute(alterPassword(secret));
        } catch (SQLException e) {
            throw new SQLException("the PostgreSQL server running in " + files.pgdata() + " (pid " + running.pid()
                    + ") refuses both the secret and the login of earlier versions: stop it and start again", e);
        }
        files.writeConfiguration();
        if (otherClients(running.port(), secret) == 0) {
            PgCtl.unpacked().stop(files.pgdata());
            log.info("Upgraded the embedded PostgreSQL in {}: restarting it with the new settings", files.pgdata());
            return Optional.empty();
        }
        try (Connection c = login(running.port(), "postgres", secret); Statement s = c.createStatement()) {
            s.execute("select pg_reload_conf()");
        }
        log.warn("Upgraded the embedded PostgreSQL in {} while other processes use it: logins need the secret now; "
                + "durability settings apply once the last of them closes", files.pgdata());
        return Optional.of(running);
    }

    private static String alterPassword(String secret) throws SQLException {
        // Hashed here: the secret itself never appears in a statement or a server log.
        return PasswordUtil.genAlterUserPasswordSQL(PgCtl.SUPERUSER, secret.toCharArray(), "scram-sha-256");
    }

    private static int start(ServerFiles files, PgCtl pg, Map<String, String> overrides) throws IOException {
        IOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                pg.start(files.pgdata(), port, files.startLog(), overrides);
                return port;
            } catch (IOException e) {
                String serverLog = tail(files.startLog());
                failure = new IOException(e.getMessage() + (serverLog.isEmpty() ? "" : " (server log: " + serverLog + ")"), e);
                if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
                    break;
                }
            }
        }
        throw failure;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static void verifyLogin(int port, String secret) throws SQLException {
        try (Connection c = login(port, "postgres", secret)) {
            c.isValid(5);
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

    private static String url(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private static Connection login(int port, String database, String secret) throws SQLException {
        return DriverManager.getConnection(url(port, database), PgCtl.SUPERUSER, secret);
    }

    public String jdbcUrl(String database) {
        return url(port, database);
    }

    public String user() {
        return PgCtl.SUPERUSER;
    }

    /** The superuser's password, read from the data folder's secret file. */
    public String password() {
        return secret;
    }

    public int port() {
        return port;
    }

    public boolean startedHere() {
        return startedHere;
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
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lock == null) {
                lock = lockChannel.lock();
            }
            if (RunningPostmaster.find(files.pgdata()).isEmpty()) {
                log.info("The embedded PostgreSQL in {} has already stopped", files.pgdata());
            } else if (otherClients(port, secret) > 0) {
                log.info("Leaving the embedded PostgreSQL running: other processes are connected");
            } else {
                PgCtl.unpacked().stop(files.pgdata());
                log.info("Stopped the embedded PostgreSQL in {}", files.pgdata());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not shut down the embedded PostgreSQL cleanly", e);
        } finally {
            releaseStartLock();
            closeQuietly(lockChannel);
        }
    }

    /** The name every connection of this process gives the server, so it can tell its own from others'. */
    static String applicationName() {
        return "paydesk " + ProcessHandle.current().pid();
    }

    /** Other processes' connections; this one's may linger a moment after its pool closed, so they don't count. */
    private static int otherClients(int port, String secret) {
        try (Connection c = login(port, "postgres", secret);
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
        return "embedded PostgreSQL in " + files.pgdata() + " on port " + port;
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
