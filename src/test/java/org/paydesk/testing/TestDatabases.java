package org.paydesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.db.EmbeddedServer;

/**
 * One real PostgreSQL server per test JVM (the embedded one), with a template database migrated
 * once; every test class gets its own fresh copy of it, which PostgreSQL makes in milliseconds.
 */
public final class TestDatabases {

    private static final String TEMPLATE = "paydesk_template";
    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedServer server;
    private static Path dataDir;

    private TestDatabases() {
    }

    private static synchronized EmbeddedServer server() {
        if (server == null) {
            try {
                dataDir = Files.createTempDirectory("paydesk-test-pg");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            // Durability is not what these tests are about; skipping fsync makes them faster. These
            // settings apply to this run only; the data folder's configuration stays a production one.
            server = EmbeddedServer.startOrAttach(dataDir, Map.of(
                    "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
            server.releaseStartLock();
            Path folder = dataDir;
            EmbeddedServer started = server;
            // Stopped and deleted when the tests end: each run's cluster is a few hundred MB of /tmp.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(folder);
            }, "test-postgres-stop"));
            execute("create database " + TEMPLATE);
            try (Database template = Database.open(config(TEMPLATE))) {
                template.description(); // migrated and validated by opening
            }
        }
        return server;
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the test database folder " + folder + ": " + e.getMessage());
        }
    }

    private static DatabaseConfig config(String database) {
        return new DatabaseConfig(dataDir, server.jdbcUrl(database), server.user(), server.password());
    }

    /** A new database with the current schema and nothing else in it. */
    public static Database fresh() {
        return Database.open(freshConfig());
    }

    /** The configuration of a new database with the current schema, for code that opens its own. */
    public static DatabaseConfig freshConfig() {
        server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        execute("create database " + name + " template " + TEMPLATE);
        return config(name);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
