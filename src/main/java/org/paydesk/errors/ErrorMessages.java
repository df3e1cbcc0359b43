package org.paydesk.errors;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.participants.ImportException;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.ProbableDuplicateException;
import org.paydesk.settings.InvalidSettingException;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.staff.SignInException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one place that turns a failure into words for a person, used by the command line and the
 * GUI alike. Database errors are translated by their SQL state and constraint, so nobody ever sees
 * SQL, batch texts or JDBC wording; the technical cause belongs in the log, not in the message.
 */
public final class ErrorMessages {

    /** Database rules, by constraint name, in the words of the people who use Paydesk. */
    private static final Map<String, String> CONSTRAINTS = Map.of(
            "participant_committed_not_negative", "it would take a participant's committed balance below zero",
            "participant_username_key", "a participant with that username already exists",
            "staff_username_key", "a staff member with that username already exists",
            "payday_one_open", "a payday is already open");

    /**
     * Refusals of what a person asked (a wrong password, a form value, a stale edit, a busy
     * processor): expected, explained in words, and nothing for a developer to look into.
     */
    private static final List<Class<? extends Throwable>> USER_MISTAKES = List.of(SignInException.class,
            NotAllowedException.class, InvalidSettingException.class, ConcurrentEditException.class,
            ProbableDuplicateException.class, ImportException.class, PaydayRefusedException.class,
            PaydayCancelledException.class, ProcessorBusyException.class, IllegalArgumentException.class);

    private ErrorMessages() {
    }

    /**
     * True when {@code error} is a person's mistake or an expected refusal rather than a fault: the
     * log gets one line for it, never a stack trace. A database refusal counts when it breaks a rule
     * that has words here (a duplicate username), not when the database is unwell.
     */
    public static boolean isUserMistake(Throwable error) {
        Throwable e = unwrap(error);
        if (USER_MISTAKES.stream().anyMatch(type -> type.isInstance(e))) {
            return true;
        }
        if (e instanceof DataAccessException) {
            SQLException sql = firstSqlException(e);
            if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                String constraint = psql.getServerErrorMessage().getConstraint();
                return constraint != null && CONSTRAINTS.containsKey(constraint);
            }
        }
        return false;
    }

    /** What went wrong, in one or a few lines, never a stack trace, SQL text or a JDBC class name. */
    public static String explain(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ImportException imported) {
            return imported.fullMessage();
        }
        SQLException sql = firstSqlException(e);
        if (sql != null && (e instanceof DataAccessException || !isWorded(e))) {
            return database(sql);
        }
        if (e instanceof UncheckedIOException io && io.getCause() != null) {
            return io.getCause().getMessage();
        }
        if (e.getMessage() != null && !e.getMessage().isBlank() && isWorded(e)) {
            return e.getMessage();
        }
        return "Unexpected error (" + e.getClass().getSimpleName() + "); the log file in the data folder has the details.";
    }

    /** Our own exceptions and the argument/state checks carry messages written for people. */
    private static boolean isWorded(Throwable e) {
        return e.getClass().getName().startsWith("org.paydesk.") && !(e instanceof DataAccessException)
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException;
    }

    /** A database failure in words, by SQL state (PostgreSQL's error codes appendix). */
    static String database(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String constraint = null;
        String serverText = null;
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            constraint = server.getConstraint();
            serverText = server.getMessage();
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return "The connection to the database was lost (the server stopped or the network failed); nothing"
                    + " more of this operation was written. Check that the database server is running (for the"
                    + " built-in database, start Paydesk again) and retry.";
        }
        if (state.startsWith("28")) {
            return "The database refused the login: check the user and password.";
        }
        if (state.equals("22003")) {
            return "The database refused the operation: an amount is too large (the ledger holds at most"
                    + " 999999999999.99 per account); nothing was written.";
        }
        if (state.equals("22021") || state.equals("22P05")) {
            return "The database refused the operation: a text holds a character it cannot store (such as a NUL"
                    + " character); nothing was written.";
        }
        if (state.equals("22001")) {
            return "The database refused the operation: a text is too long; nothing was written.";
        }
        if (state.startsWith("22")) {
            return "The database refused the operation: a value is not valid; nothing was written.";
        }
        if (state.startsWith("23")) {
            String rule = constraint == null ? null : CONSTRAINTS.get(constraint);
            String what = rule != null ? rule : switch (state) {
                case DataAccessException.UNIQUE_VIOLATION -> "it already exists";
                case DataAccessException.FOREIGN_KEY_VIOLATION -> "it refers to something that does not exist";
                default -> "it breaks the rule " + (constraint == null ? "of a table" : constraint);
            };
            return "The database refused the operation: " + what + "; nothing was written.";
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return "The database was busy with a conflicting change; nothing was written. Try again.";
        }
        if (state.equals("57014")) {
            return "The database cancelled the operation (it took too long or was interrupted); nothing was written.";
        }
        if (state.startsWith("53")) {
            return "The database server is out of resources (disk, memory or connections): " + firstLine(serverText);
        }
        if (state.startsWith("P0") && serverText != null) {
            // Raised by Paydesk's own triggers, in words written for this purpose.
            return "The database refused the operation: " + firstLine(serverText) + ".";
        }
        return "The database refused the operation (error " + (state.isEmpty() ? "unknown" : state)
                + "); the log file in the data folder has the details.";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static SQLException firstSqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                // A batch failure wraps the server's own error as the next exception.
                SQLException next = sql.getNextException();
                return next != null && next.getSQLState() != null ? next : sql;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
