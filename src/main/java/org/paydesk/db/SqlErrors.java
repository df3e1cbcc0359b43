package org.paydesk.db;

import java.sql.SQLException;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A database failure in words, by its SQL state and constraint: never SQL, batch texts or JDBC
 * wording (the technical cause belongs in the log). Used by {@code errors.ErrorMessages}, the one
 * translator for the command line and the GUI, and by the payday for the messages of its error list.
 */
public final class SqlErrors {

    /** Database rules, by constraint name, in the words of the people who use Paydesk. */
    private static final Map<String, String> CONSTRAINTS = Map.of(
            "participant_committed_not_negative", "it would take a participant's committed balance below zero",
            "participant_username_key", "a participant with that username already exists",
            "staff_username_key", "a staff member with that username already exists",
            "payday_one_open", "a payday is already open");

    private SqlErrors() {
    }

    /** Whether a constraint has words of its own here (its violation is a person's mistake, not a fault). */
    public static boolean hasWordsFor(String constraint) {
        return CONSTRAINTS.containsKey(constraint);
    }

    /** The first SQL failure in {@code error}'s causes, in words; else {@code error}'s own message. */
    public static String explain(Throwable error) {
        SQLException sql = firstIn(error);
        if (sql != null) {
            return inWords(sql);
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /**
     * The first SQL failure among {@code error} and its causes, or null; of a batch failure, the
     * server's own error that it wraps as the next exception.
     */
    public static SQLException firstIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException next = sql.getNextException();
                return next != null && next.getSQLState() != null ? next : sql;
            }
        }
        return null;
    }

    /** A database failure in words, by SQL state (PostgreSQL's error codes appendix). */
    public static String inWords(SQLException e) {
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
}
