package org.paydesk.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

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
}
