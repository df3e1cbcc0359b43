package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.TestDatabases;

/** The settings file of an installed client: where it is, what wins over it, and the password's protection. */
class SettingsFileTest {

    @TempDir
    Path home;

    private static final Keyring NO_KEYRING = account -> {
        throw new AssertionError("the keyring must not be asked");
    };

    private Path settingsFile(String content, String permissions) throws Exception {
        Path file = home.resolve(".config/paydesk/paydesk.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private PaydeskCommand command(Map<String, String> env) {
        PaydeskCommand command = new PaydeskCommand();
        command.env = env;
        command.home = home.toString();
        command.keyring = NO_KEYRING;
        return command;
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, home.toString());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFileIsInTheUsersConfigFolder() {
        assertThat(DataDirectories.userSettingsFile(Map.of(), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/paydesk/paydesk.properties"));
        assertThat(DataDirectories.userSettingsFile(Map.of("XDG_CONFIG_HOME", "/cfg"), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/cfg/paydesk/paydesk.properties"));
        assertThat(DataDirectories.userSettingsFile(Map.of(), "Mac OS X", "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/Paydesk/paydesk.properties"));
        assertThat(DataDirectories.userSettingsFile(Map.of("APPDATA", "/w/Roaming"), "Windows 11", "/w"))
                .isEqualTo(Path.of("/w/Roaming/Paydesk/paydesk.properties"));
    }

    @Test
    void withoutAFileTheEmbeddedDatabaseInTheUsersDataFolderIsUsed() {
        DatabaseConfig config = command(Map.of()).databaseConfig();
        assertThat(config.isEmbedded()).isTrue();
        assertThat(config.dataDir()).isEqualTo(home.resolve(".local/share/paydesk"));
    }

    @Test
    void commandLineWinsOverEnvironmentWhichWinsOverTheFileKeyByKey() throws Exception {
        settingsFile("""
                db.url=jdbc:postgresql://file-host/paydesk
                db.user=file_user
                db.password=file secret
                data.dir=/srv/paydesk-from-file
                """, "rw-------");

        DatabaseConfig fileOnly = command(Map.of()).databaseConfig();
        assertThat(fileOnly.jdbcUrl()).isEqualTo("jdbc:postgresql://file-host/paydesk");
        assertThat(fileOnly.user()).isEqualTo("file_user");
        assertThat(fileOnly.password()).isEqualTo("file secret");
        assertThat(fileOnly.dataDir()).isEqualTo(Path.of("/srv/paydesk-from-file"));

        assertThat(command(Map.of("PAYDESK_DB_URL", " ")).databaseConfig().jdbcUrl()).as("an empty variable is no value")
                .isEqualTo("jdbc:postgresql://file-host/paydesk");

        PaydeskCommand mixed = command(Map.of("PAYDESK_DB_USER", "env_user", "PAYDESK_DB_URL", "jdbc:postgresql://env-host/p",
                "PAYDESK_DATA_DIR", "/env/data"));
        mixed.dbUrl = "jdbc:postgresql://option-host/p";
        DatabaseConfig config = mixed.databaseConfig();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://option-host/p");
        assertThat(config.user()).isEqualTo("env_user");
        assertThat(config.password()).isEqualTo("file secret");
        assertThat(config.dataDir()).isEqualTo(Path.of("/env/data"));

        PaydeskCommand options = command(Map.of("PAYDESK_DB_PASSWORD", "env secret"));
        options.dataDir = home.resolve("option-data");
        assertThat(options.databaseConfig().password()).isEqualTo("env secret");
        assertThat(options.databaseConfig().dataDir()).isEqualTo(home.resolve("option-data"));
        options.dbPassword = "option secret";
        assertThat(options.databaseConfig().password()).isEqualTo("option secret");
    }

    @Test
    void aPasswordInAFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        for (String permissions : List.of("rw-r--r--", "rw-r-----", "rw----r--")) {
            Path file = settingsFile("db.url=jdbc:postgresql://h/p\ndb.user=ann\ndb.password=secret\n", permissions);
            assertThatThrownBy(() -> command(Map.of()).databaseConfig())
                    .as(permissions)
                    .isInstanceOf(SettingsFileException.class)
                    .hasMessageContaining(file + " holds db.password but can be read by other users (" + permissions + ")")
                    .hasMessageContaining("chmod 600 '" + file + "'");
        }
        settingsFile("db.url=jdbc:postgresql://h/p\ndb.password=secret\n", "rw--w----");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig())
                .hasMessageContaining("can be changed by other users (rw--w----)");
    }

    @Test
    void aFileWithoutAPasswordMayBeReadableByOthers() throws Exception {
        settingsFile("db.url=jdbc:postgresql://h/p\ndb.user=ann\n", "rw-r--r--");
        DatabaseConfig config = command(Map.of("PAYDESK_DB_PASSWORD", "from env")).databaseConfig();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://h/p");
        assertThat(config.password()).isEqualTo("from env");
    }

    @Test
    void mistakesInTheFileAreNamed() throws Exception {
        Path file = settingsFile("db.url=jdbc:postgresql://h/p\ndb.usr=ann\n", "rw-------");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig())
                .hasMessage("settings file " + file + ": unknown setting db.usr; the settings are "
                        + "db.url, db.user, db.password, db.password.keyring, data.dir");

        settingsFile("db.url=jdbc:postgresql://h/p\ndb.password.keyring=yes\n", "rw-------");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig()).hasMessageContaining("db.password.keyring must be true or false, got 'yes'");

        settingsFile("db.password=x\ndb.password.keyring=true\n", "rw-------");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig()).hasMessageContaining("has both db.password and db.password.keyring=true");

        settingsFile("data.dir=relative/data\n", "rw-------");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig()).hasMessageContaining("data.dir must be an absolute path, got 'relative/data'");

        settingsFile("db.url=mysql://h/p\n", "rw-------");
        assertThatThrownBy(() -> command(Map.of()).databaseConfig()).hasMessageContaining("database URL must start with jdbc:postgresql:");

        PaydeskCommand named = command(Map.of("PAYDESK_CONFIG", home.resolve("missing.properties").toString()));
        assertThatThrownBy(named::databaseConfig).hasMessage("settings file " + home.resolve("missing.properties") + " does not exist");
    }

    @Test
    void theKeyringIsAskedOnlyWhenNeededAndByTheDatabaseUser() throws Exception {
        settingsFile("db.url=jdbc:postgresql://h/p\ndb.user=ann\ndb.password.keyring=true\n", "rw-r--r--");
        Path tool = Files.writeString(home.resolve("fake-secret-tool"), """
                #!/bin/sh
                # answers like secret-tool lookup service paydesk account ACCOUNT
                [ "$1 $2 $3 $4 $5" = "lookup service paydesk account ann" ] || exit 1
                printf 'kept in the keyring\\n'
                """);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        PaydeskCommand command = command(Map.of());
        command.keyring = new Keyring.CommandKeyring(
                List.of(tool.toString(), "lookup", "service", "paydesk", "account", "{account}"), "store {account}", "fake");
        assertThat(command.databaseConfig().password()).isEqualTo("kept in the keyring");

        settingsFile("db.user=ann\ndb.password.keyring=true\n", "rw-------");
        assertThat(command(Map.of()).databaseConfig().isEmbedded()).as("no server named: the keyring is not asked").isTrue();

        settingsFile("db.url=jdbc:postgresql://h/p\ndb.user=bob\ndb.password.keyring=true\n", "rw-------");
        PaydeskCommand unknownUser = command(Map.of());
        unknownUser.keyring = command.keyring;
        assertThatThrownBy(unknownUser::databaseConfig)
                .hasMessage("the keyring has no Paydesk password for database user 'bob'; store it with: store bob");

        PaydeskCommand noTool = command(Map.of());
        noTool.keyring = new Keyring.CommandKeyring(List.of(home.resolve("no-such-tool").toString()), "store", "secret-tool");
        assertThatThrownBy(noTool::databaseConfig).hasMessageContaining("the keyring cannot be asked: secret-tool is missing");
    }

    @Test
    void onWindowsOnlyTheOwnerSystemAndAdministratorsMayRead() {
        UserPrincipal ann = () -> "PC\\ann";
        UserPrincipal users = () -> "BUILTIN\\Users";
        UserPrincipal system = () -> "NT AUTHORITY\\SYSTEM";
        UserPrincipal admins = () -> "BUILTIN\\Administrators";
        List<AclEntry> privateAcl = List.of(allowRead(ann), allowRead(system), allowRead(admins));
        assertThat(FilePermissions.othersAllowedToRead(privateAcl, ann)).isEmpty();
        List<AclEntry> shared = List.of(allowRead(ann), allowRead(users),
                AclEntry.newBuilder().setType(AclEntryType.DENY).setPrincipal(() -> "Everyone")
                        .setPermissions(AclEntryPermission.READ_DATA).build());
        assertThat(FilePermissions.othersAllowedToRead(shared, ann)).containsExactly("BUILTIN\\Users");
    }

    private static AclEntry allowRead(UserPrincipal who) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(who)
                .setPermissions(AclEntryPermission.READ_DATA, AclEntryPermission.READ_ATTRIBUTES).build();
    }

    @Test
    void checkRunsOnTheServerTheSettingsFileNames() throws Exception {
        DatabaseConfig db = TestDatabases.freshConfig();
        settingsFile("db.url=" + db.jdbcUrl() + "\ndb.user=" + db.user() + "\ndb.password=" + db.password()
                + "\ndata.dir=" + home.resolve("data") + "\n", "rw-------");
        Run check = run(Map.of(), "check");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("All checks passed.");
        assertThat(System.getProperty(Logging.LOG_DIR_PROPERTY)).as("the data folder of the settings file")
                .isEqualTo(home.resolve("data/logs").toString());
        assertThat(home.resolve("data/pgdata")).as("no embedded database was made").doesNotExist();
    }

    @Test
    void aCommandOnAnExposedFileExitsWithTheMessageAndNoStackTrace() throws Exception {
        Path file = settingsFile("db.url=jdbc:postgresql://127.0.0.1:1/none\ndb.password=secret\n", "rw-rw-r--");
        Run check = run(Map.of(), "check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).startsWith("paydesk: settings file " + file + " holds db.password but can be read by other users")
                .contains("chmod 600").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(check.err().lines().count()).isEqualTo(1);
    }
}
