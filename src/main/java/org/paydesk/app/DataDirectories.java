package org.paydesk.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.paydesk.db.OwnerOnly;

/** Where Paydesk keeps its data and looks for its settings file when no folder is given: the platform's per-user folders. */
final class DataDirectories {

    private DataDirectories() {
    }

    static Path userDataDir(Map<String, String> env, String osName, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return local != null ? Path.of(local, "Paydesk") : Path.of(home, "AppData", "Local", "Paydesk");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Paydesk");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "paydesk") : Path.of(home, ".local", "share", "paydesk");
    }

    /**
     * The user's settings file: {@code ~/.config/paydesk/paydesk.properties} on Linux (or under
     * {@code $XDG_CONFIG_HOME}), {@code ~/Library/Application Support/Paydesk/paydesk.properties} on macOS,
     * {@code %APPDATA%\Paydesk\paydesk.properties} on Windows.
     */
    static Path userSettingsFile(Map<String, String> env, String osName, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path folder;
        if (os.contains("win")) {
            String roaming = env.get("APPDATA");
            folder = roaming != null ? Path.of(roaming, "Paydesk") : Path.of(home, "AppData", "Roaming", "Paydesk");
        } else if (os.contains("mac")) {
            folder = Path.of(home, "Library", "Application Support", "Paydesk");
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            folder = xdg != null && !xdg.isBlank() ? Path.of(xdg, "paydesk") : Path.of(home, ".config", "paydesk");
        }
        return folder.resolve(SettingsFile.FILE_NAME);
    }

    /**
     * Makes sure Paydesk can write its logs and database under {@code folder} (made, owner-only, if
     * missing), or says in one line why not: before logging starts, so no logger's own stack traces
     * come first.
     */
    static void requireWritable(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("cannot use " + folder + " as the data folder: it is a file");
        }
        Path logs = folder.resolve("logs");
        try {
            OwnerOnly.createMissing(folder);
            OwnerOnly.createMissing(logs);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot write to " + folder + ": permission denied");
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("cannot write to " + folder + ": " + e.getFile() + " is a file");
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("cannot write to " + folder + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to " + folder + ": " + e.getMessage());
        }
        if (!Files.isWritable(folder) || !Files.isWritable(logs)) {
            throw new IllegalArgumentException("cannot write to " + folder + ": permission denied");
        }
    }
}
