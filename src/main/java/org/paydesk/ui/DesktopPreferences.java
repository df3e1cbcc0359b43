package org.paydesk.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this workstation remembers for its user between runs (the main window's place, the theme
 * of the sign-in window): a small properties file in the user's config folder, next to the
 * settings file. A file, not {@code java.util.prefs}: it is easy to find, read and delete, and
 * tests point it at a temporary folder. A file that cannot be read or written only costs the
 * memory: it is logged, never shown.
 */
public final class DesktopPreferences {

    public static final String FILE_NAME = "desktop.properties";
    private static final Logger log = LoggerFactory.getLogger(DesktopPreferences.class);

    private final Path file;
    private final Properties values = new Properties();

    private DesktopPreferences(Path file) {
        this.file = file;
    }

    /** Reads {@code file} if it exists; {@code null} keeps everything in memory only. */
    public static DesktopPreferences at(Path file) {
        DesktopPreferences preferences = new DesktopPreferences(file);
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                preferences.values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                log.info("Desktop preferences not read from {}: {}", file, e.getMessage());
            }
        }
        return preferences;
    }

    /** Remembers nothing beyond this run. */
    public static DesktopPreferences inMemory() {
        return new DesktopPreferences(null);
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.getProperty(key));
    }

    /** Sets {@code key} and writes the file (atomically, through a temporary file beside it). */
    public synchronized void put(String key, String value) {
        values.setProperty(key, value);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                values.store(out, "Paydesk desktop client: remembered by this workstation");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            log.info("Desktop preferences not written to {}: {}", file, e.getMessage());
        }
    }
}
