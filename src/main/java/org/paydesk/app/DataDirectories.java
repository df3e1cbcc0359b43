package org.paydesk.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Paydesk keeps its data when no folder is given: the platform's per-user data folder. */
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
}
