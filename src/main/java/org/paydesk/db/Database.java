package org.paydesk.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open database: a HikariCP pool shared by Flyway, plain JDBC and Hibernate. Opening it
 * starts (or attaches to) the embedded server when no URL is given, migrates the schema with
 * Flyway and has Hibernate validate its mappings against that schema.
 */
public final class Database implements Transactions, AutoCloseable {

    public static final String EMBEDDED_DATABASE = "paydesk";
    /** How long connecting and logging in to the server may take. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** The entities Hibernate maps: the rows staff edit, named by the composition root ({@link #mapEntities}). */
    private volatile List<Class<?>> entities = List.of();
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    /** Built on first use: most commands never touch Hibernate, and building it takes a second or two. */
    private volatile SessionFactory sessionFactory;
    private final EmbeddedServer server;
    private final String description;
    private final java.util.List<HikariDataSource> sidePools = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread shutdownHook;
    private boolean closed;

    private Database(HikariDataSource dataSource, EmbeddedServer server, String description) {
        this.dataSource = dataSource;
        this.server = server;
        this.description = description;
    }

    /** Opens the database the configuration names, migrating it to the current schema. */
    public static Database open(DatabaseConfig config) {
        return open(config, Map.of());
    }

    /**
     * @param embeddedServerOverrides settings of the embedded server for this run only (tests turn
     *                                durability off with them); empty for a real start
     */
    public static Database open(DatabaseConfig config, Map<String, String> embeddedServerOverrides) {
        if (!config.isEmbedded()) {
            return connect(config.jdbcUrl(), config.user(), config.password(), null, config.describe());
        }
        EmbeddedServer server = EmbeddedServer.startOrAttach(config.dataDir(), embeddedServerOverrides);
        try {
            createDatabaseIfMissing(server, EMBEDDED_DATABASE);
            Database database = connect(server.jdbcUrl(EMBEDDED_DATABASE), server.user(), server.password(), server,
                    server.toString());
            server.releaseStartLock();
            database.closeOnExit();
            return database;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Database connect(String url, String user, String password, EmbeddedServer server,
                                    String description) {
        Secrets secrets = Secrets.of(url, password);
        HikariDataSource dataSource = pool(url, user, password, description, secrets);
        if (server != null) {
            // The pool holds a connection now, so the server cannot be stopped under us: let the next process in.
            server.releaseStartLock();
        }
        try {
            migrate(dataSource, description, secrets);
            return new Database(dataSource, server, description);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * A separate pool on the same database for a component with its own connection settings (the
     * sandbox gateway); closed with this database.
     */
    public DataSource sidePool(String name, int size, String initSql) {
        HikariConfig hikari = config(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
        hikari.setPoolName(name);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        hikari.setInitializationFailTimeout(-1); // no connection until the component first asks for one
        hikari.setConnectionInitSql(initSql);
        HikariDataSource pool = new HikariDataSource(hikari);
        sidePools.add(pool);
        return pool;
    }

    private static HikariDataSource pool(String url, String user, String password, String description, Secrets secrets) {
        HikariConfig hikari = config(url, user, password);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("Cannot connect to the database at " + description + ": "
                    + secrets.hide(DataAccessException.rootMessage(e))
                    + ". Check the URL, user and password, and that the server is running.", secrets.hideIn(e));
        }
    }

    private static HikariConfig config(String url, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setPoolName("paydesk");
        hikari.setMaximumPoolSize(12);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        hikari.addDataSourceProperty("ApplicationName", EmbeddedServer.applicationName());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // A server that accepts TCP and never answers must not hang a command: connect and login give
        // up after seconds. No socket timeout: a long statement (a payday batch) is never cut short.
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        hikari.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        // Batch queries filter on "= any(array)": a plan cached for one array size misjudges the next.
        hikari.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        return hikari;
    }

    private static void migrate(DataSource dataSource, String description, Secrets secrets) {
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Migrated {} to schema version {}", description, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new DatabaseUnavailableException("Cannot migrate the database schema of " + description + ": "
                    + secrets.hide(DataAccessException.rootMessage(e)), secrets.hideIn(e));
        }
    }

    private static SessionFactory buildSessionFactory(DataSource dataSource, List<Class<?>> entities) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            entities.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new DatabaseUnavailableException("The database schema does not match this version of Paydesk: "
                    + DataAccessException.rootMessage(e), e);
        }
    }

    static void createDatabaseIfMissing(EmbeddedServer server, String name) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("create database " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Cannot create the database '" + name + "' on " + server
                    + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Names the entity classes Hibernate maps (validated against the migrated schema when it starts,
     * on first use); called once by the composition root, before any session is opened.
     */
    public void mapEntities(List<Class<?>> classes) {
        if (sessionFactory != null) {
            throw new IllegalStateException("Hibernate has started already; map the entities before its first use");
        }
        this.entities = List.copyOf(classes);
    }

    public SessionFactory sessionFactory() {
        SessionFactory built = sessionFactory;
        if (built == null) {
            synchronized (this) {
                built = sessionFactory;
                if (built == null) {
                    built = buildSessionFactory(dataSource, entities);
                    sessionFactory = built;
                }
            }
        }
        return built;
    }

    /** Whether Hibernate has been started (by a first use of {@link #sessionFactory()}). */
    public boolean hibernateStarted() {
        return sessionFactory != null;
    }

    public String description() {
        return description;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException lost) {
                    // A lost connection cannot roll back (the server already has): keep the real cause.
                    e.addSuppressed(lost);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Closes this database when the JVM is asked to stop (SIGTERM, Ctrl-C, System.exit), so the last
     * process out still stops the embedded server.
     */
    private void closeOnExit() {
        Thread hook = new Thread(this::close, "paydesk-database-close");
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    /** Idempotent; a second caller (the shutdown hook during a close) waits until the first has finished. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: the hook waits for this close
            }
        }
        SessionFactory built = sessionFactory;
        if (built != null) {
            built.close();
        }
        sidePools.forEach(HikariDataSource::close);
        dataSource.close();
        if (server != null) {
            server.close();
        }
    }
}
