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
import org.paydesk.participants.ParticipantEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open database: a HikariCP pool shared by Flyway, plain JDBC and Hibernate. Opening it
 * starts (or attaches to) the embedded server when no URL is given, migrates the schema with
 * Flyway and has Hibernate validate its mappings against that schema.
 */
public final class Database implements Transactions, AutoCloseable {

    public static final String EMBEDDED_DATABASE = "paydesk";
    private static final List<Class<?>> ENTITIES = List.of(ParticipantEntity.class);
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final EmbeddedServer server;
    private final String description;
    private final java.util.List<HikariDataSource> sidePools = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Database(HikariDataSource dataSource, SessionFactory sessionFactory, EmbeddedServer server,
                     String description) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.server = server;
        this.description = description;
    }

    /** Opens the database the configuration names, migrating it to the current schema. */
    public static Database open(DatabaseConfig config) {
        return open(config, Map.of());
    }

    public static Database open(DatabaseConfig config, Map<String, String> embeddedServerConfig) {
        if (!config.isEmbedded()) {
            return connect(config.jdbcUrl(), config.user(), config.password(), null, config.jdbcUrl());
        }
        EmbeddedServer server = EmbeddedServer.startOrAttach(config.dataDir(), embeddedServerConfig);
        try {
            createDatabaseIfMissing(server, EMBEDDED_DATABASE);
            Database database = connect(server.jdbcUrl(EMBEDDED_DATABASE), server.user(), "", server,
                    server.toString());
            server.releaseStartLock();
            return database;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Database connect(String url, String user, String password, EmbeddedServer server,
                                    String description) {
        HikariDataSource dataSource = pool(url, user, password);
        try {
            migrate(dataSource, description);
            return new Database(dataSource, buildSessionFactory(dataSource), server, description);
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
        hikari.setConnectionInitSql(initSql);
        HikariDataSource pool = new HikariDataSource(hikari);
        sidePools.add(pool);
        return pool;
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig hikari = config(url, user, password);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("Cannot connect to the database at " + url + ": "
                    + DataAccessException.rootMessage(e) + ". Check the URL, user and password, and that the server is running.", e);
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
        // Batch queries filter on "= any(array)": a plan cached for one array size misjudges the next.
        hikari.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        return hikari;
    }

    private static void migrate(DataSource dataSource, String description) {
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
                    + DataAccessException.rootMessage(e), e);
        }
    }

    private static SessionFactory buildSessionFactory(DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new DatabaseUnavailableException("The database schema does not match this version of Paydesk: "
                    + DataAccessException.rootMessage(e), e);
        }
    }

    static void createDatabaseIfMissing(EmbeddedServer server, String name) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
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

    public SessionFactory sessionFactory() {
        return sessionFactory;
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
                connection.rollback();
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

    @Override
    public void close() {
        sessionFactory.close();
        sidePools.forEach(HikariDataSource::close);
        dataSource.close();
        if (server != null) {
            server.close();
        }
    }
}
