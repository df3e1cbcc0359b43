package org.paydesk.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The user's settings file, a Java properties file (README, "Installing on a workstation"). It
 * names a shared database for an installed client, so nobody types it on a command line:
 * <pre>
 * db.url=jdbc:postgresql://db.example:5432/paydesk
 * db.user=ann
 * db.password.keyring=true      # or db.password=..., then the file must be readable only by its owner
 * data.dir=/srv/paydesk         # optional: another data folder (logs, or the embedded database)
 * </pre>
 * Every value is a fallback: the command line and the environment win, key by key.
 */
final class SettingsFile {

    static final String FILE_NAME = "paydesk.properties";
    static final String DB_URL = "db.url";
    static final String DB_USER = "db.user";
    static final String DB_PASSWORD = "db.password";
    static final String DB_PASSWORD_KEYRING = "db.password.keyring";
    static final String DATA_DIR = "data.dir";
    private static final List<String> KEYS = List.of(DB_URL, DB_USER, DB_PASSWORD, DB_PASSWORD_KEYRING, DATA_DIR);

    private final Path path;
    private final Properties values;
    private final Keyring keyring;

    private SettingsFile(Path path, Properties values, Keyring keyring) {
        this.path = path;
        this.values = values;
        this.keyring = keyring;
    }

    static SettingsFile none() {
        return new SettingsFile(null, new Properties(), null);
    }

    /**
     * Reads {@code path}. A missing file is no settings, unless it was named explicitly ({@code required}).
     * A file holding {@code db.password} that others can read is refused, with the command that fixes it.
     */
    static SettingsFile load(Path path, boolean required, Keyring keyring) {
        if (!Files.exists(path)) {
            if (required) {
                throw new SettingsFileException("settings file " + path + " does not exist");
            }
            return none();
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsFileException("settings file " + path + " cannot be read: " + e.getMessage(), e);
        }
        TreeSet<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new SettingsFileException("settings file " + path + ": unknown setting" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; the settings are " + String.join(", ", KEYS));
        }
        SettingsFile settings = new SettingsFile(path, values, keyring);
        boolean fromKeyring = settings.passwordFromKeyring();
        if (fromKeyring && values.containsKey(DB_PASSWORD)) {
            throw new SettingsFileException("settings file " + path + " has both " + DB_PASSWORD + " and "
                    + DB_PASSWORD_KEYRING + "=true: keep one (the keyring is the safer)");
        }
        if (values.containsKey(DB_PASSWORD)) {
            refuseIfOthersCanReach(path);
        }
        String dataDir = settings.value(DATA_DIR);
        if (dataDir != null && !Path.of(dataDir).isAbsolute()) {
            throw new SettingsFileException("settings file " + path + ": " + DATA_DIR + " must be an absolute path, got '"
                    + dataDir + "'");
        }
        return settings;
    }

    private static void refuseIfOthersCanReach(Path path) {
        Optional<String> exposure;
        try {
            exposure = FilePermissions.exposure(path);
        } catch (IOException e) {
            throw new SettingsFileException("cannot read the permissions of settings file " + path + ": " + e.getMessage(), e);
        }
        if (exposure.isPresent()) {
            boolean posix = Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
            throw new SettingsFileException("settings file " + path + " holds " + DB_PASSWORD + " but " + exposure.get()
                    + ", so Paydesk refuses to use it. Make it readable only by you: " + FilePermissions.fixCommand(path, posix)
                    + " (or keep the password in the keyring: " + DB_PASSWORD_KEYRING + "=true)");
        }
    }

    /** The file read, or empty when there was none. */
    Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    String url() {
        return value(DB_URL);
    }

    String user() {
        return value(DB_USER);
    }

    Path dataDir() {
        String dir = value(DATA_DIR);
        return dir == null ? null : Path.of(dir);
    }

    /** The password from the file or, with {@code db.password.keyring=true}, from the keyring (asked only now); null if neither. */
    String password() {
        if (!passwordFromKeyring()) {
            return values.getProperty(DB_PASSWORD);
        }
        String user = user();
        if (user == null) {
            throw new SettingsFileException("settings file " + path + ": " + DB_PASSWORD_KEYRING
                    + "=true needs " + DB_USER + " (the keyring entry is found by the database user)");
        }
        return keyring.password(user);
    }

    private boolean passwordFromKeyring() {
        String flag = value(DB_PASSWORD_KEYRING);
        if (flag == null || flag.equalsIgnoreCase("false")) {
            return false;
        }
        if (flag.equalsIgnoreCase("true")) {
            return true;
        }
        throw new SettingsFileException("settings file " + path + ": " + DB_PASSWORD_KEYRING + " must be true or false, got '"
                + flag + "'");
    }

    private String value(String key) {
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
