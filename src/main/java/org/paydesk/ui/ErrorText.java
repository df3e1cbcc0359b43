package org.paydesk.ui;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.paydesk.db.DataAccessException;
import org.paydesk.participants.ImportException;

/** Turns a failure into words for a dialog or a status line: the message, never a stack trace. */
public final class ErrorText {

    private ErrorText() {
    }

    public static String explain(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ImportException imported) {
            return imported.fullMessage();
        }
        if (e instanceof DataAccessException) {
            return "The database refused the operation: " + e.getMessage();
        }
        if (e instanceof UncheckedIOException io && io.getCause() != null) {
            return io.getCause().getMessage();
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return "Unexpected error (" + e.getClass().getSimpleName() + "); the log file in the data folder has the details.";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
