package org.paydesk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as a production server (issue 7 §1), on real servers started in temporary data folders. */
class EmbeddedServerSecurityTest {

    @TempDir
    Path data;

    @Test
    void aNormalStartIsDurableAndOnlyTheSecretLogsIn() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.startOrAttach(data, Map.of())) {
            server.releaseStartLock();

            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password())) {
                for (String durability : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                    assertThat(show(c, durability)).as(durability).isEqualTo("on");
                    assertThat(query(c, "select source from pg_settings where name = '" + durability + "'"))
                            .as(durability + " comes from the data folder's configuration").isEqualTo("configuration file");
                }
                // Sized for a payday (ServerFiles.SETTINGS); PostgreSQL's defaults are 128MB and 1GB.
                assertThat(show(c, "shared_buffers")).isEqualTo("512MB");
                assertThat(show(c, "max_wal_size")).isEqualTo("4GB");
                assertThat(show(c, "listen_addresses")).isEqualTo("localhost");
                assertThat(show(c, "unix_socket_directories")).as("no Unix socket").isEmpty();
                assertThat(show(c, "password_encryption")).isEqualTo("scram-sha-256");
                assertThat(query(c, "select left(rolpassword, 14) from pg_authid where rolname = 'postgres'"))
                        .isEqualTo("SCRAM-SHA-256$");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "").close())
                    .as("no password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "guess").close())
                    .as("a wrong password").isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(Path.of("/tmp", ".s.PGSQL." + server.port())).as("no socket in the temp folder").doesNotExist();
            assertThat(Files.readAllLines(data.resolve("pgdata/pg_hba.conf")))
                    .noneMatch(line -> !line.startsWith("#") && line.contains("trust"))
                    .anyMatch(line -> line.startsWith("host") && line.endsWith("scram-sha-256"));
            assertThat(Files.readString(data.resolve("postgres.secret")).strip()).isEqualTo(server.password()).hasSizeGreaterThan(40);

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("pgdata"))).isEqualTo("rwx------");
            assertThat(mode(data.resolve("postgres.secret"))).isEqualTo("rw-------");
            try (Stream<Path> logs = Files.list(data.resolve("pgdata/log"))) {
                assertThat(logs.toList()).isNotEmpty().allSatisfy(log -> assertThat(mode(log)).as(log.toString()).isEqualTo("rw-------"));
            }
            Path binaries = PostgresBinaries.folder();
            assertThat(binaries).startsWith(PostgresBinaries.root());
            assertThat(binaries.toString()).doesNotStartWith(System.getProperty("java.io.tmpdir"));
            assertThat(mode(binaries)).isEqualTo("rwx------");
            assertThat(mode(binaries.getParent())).isEqualTo("rwx------");
            assertThat(mode(binaries.resolve("bin/postgres"))).isEqualTo("rwx------");
        }
        assertThat(data.resolve("pgdata/postmaster.pid")).as("the last one out stopped it").doesNotExist();
    }

    @Test
    void aSecondClientAttachesWithTheSecretFromTheDataFolder() throws Exception {
        try (EmbeddedServer first = EmbeddedServer.startOrAttach(data, Map.of("fsync", "off"))) {
            first.releaseStartLock();
            try (Connection held = DriverManager.getConnection(first.jdbcUrl("postgres"), first.user(), first.password());
                 Statement s = held.createStatement()) {
                s.execute("set application_name = 'another process'");
                try (EmbeddedServer second = EmbeddedServer.startOrAttach(data, Map.of())) {
                    second.releaseStartLock();
                    assertThat(second.startedHere()).isFalse();
                    assertThat(second.port()).isEqualTo(first.port());
                    assertThat(second.password()).isEqualTo(first.password());
                }
                assertThat(held.isValid(5)).as("left running for the other client").isTrue();
                try (Connection c = DriverManager.getConnection(first.jdbcUrl("postgres"), first.user(), first.password())) {
                    assertThat(show(c, "fsync")).as("a test's override lasts for that run only").isEqualTo("off");
                    assertThat(query(c, "select setting from pg_file_settings where name = 'fsync' order by seqno desc limit 1"))
                            .isEqualTo("on");
                }
            }
        }
    }

    @Test
    void aStoppedFolderOfTheEarlierVersionIsUpgradedAndKeepsItsData() throws Exception {
        EmbeddedPostgres earlier = earlierVersion(data);
        try (Connection c = earlier.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table kept (v text); insert into kept values ('ledger row')");
        }
        earlier.close();

        try (EmbeddedServer server = EmbeddedServer.startOrAttach(data, Map.of())) {
            server.releaseStartLock();
            assertUpgraded(server);
        }
    }

    @Test
    void aRunningServerOfTheEarlierVersionIsUpgradedAndRestartedDurable() throws Exception {
        EmbeddedPostgres earlier = earlierVersion(data);
        try (Connection c = earlier.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table kept (v text); insert into kept values ('ledger row')");
            assertThat(show(c, "fsync")).as("the earlier version ran without fsync").isEqualTo("off");
        }
        long earlierPid = earlier.getProcess().pid();

        try (EmbeddedServer server = EmbeddedServer.startOrAttach(data, Map.of())) {
            server.releaseStartLock();
            assertThat(server.startedHere()).as("restarted on the new configuration").isTrue();
            assertUpgraded(server);
        }
        assertThat(ProcessHandle.of(earlierPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private void assertUpgraded(EmbeddedServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password())) {
            assertThat(query(c, "select v from kept")).isEqualTo("ledger row");
            assertThat(show(c, "fsync")).isEqualTo("on");
            assertThat(show(c, "synchronous_commit")).isEqualTo("on");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "").close())
                .isInstanceOf(SQLException.class);
        assertThat(Files.readAllLines(data.resolve("pgdata/pg_hba.conf"))).noneMatch(line -> line.contains("trust"));
        assertThat(mode(data.resolve("postgres.secret"))).isEqualTo("rw-------");
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    /** A data folder as the version before issue 7 made it: zonky's builder, trust logins, test flags. */
    private static EmbeddedPostgres earlierVersion(Path dataDir) throws IOException {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(Path.of("target", "earlier-version-binaries").toAbsolutePath().toFile())
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .start();
    }

    private static String show(Connection c, String setting) throws SQLException {
        return query(c, "show " + setting);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
