package org.paydesk.app;

/** The settings file cannot be used as it is; the message names the file and says how to fix it. */
final class SettingsFileException extends RuntimeException {

    SettingsFileException(String message) {
        super(message);
    }

    SettingsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
