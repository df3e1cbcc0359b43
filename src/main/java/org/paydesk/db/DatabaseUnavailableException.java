package org.paydesk.db;

/** The database could not be started or reached; the message says why in words a user can act on. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
