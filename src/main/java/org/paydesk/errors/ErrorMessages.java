package org.paydesk.errors;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.SqlErrors;
import org.paydesk.participants.ImportException;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.ProbableDuplicateException;
import org.paydesk.settings.InvalidSettingException;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.staff.SignInException;
import org.postgresql.util.PSQLException;

/**
 * The one place that turns a failure into words for a person, used by the command line and the
 * GUI alike. Database errors are translated by their SQL state and constraint, so nobody ever sees
 * SQL, batch texts or JDBC wording; the technical cause belongs in the log, not in the message.
 */
public final class ErrorMessages {

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
            SQLException sql = SqlErrors.firstIn(e);
            if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                String constraint = psql.getServerErrorMessage().getConstraint();
                return constraint != null && SqlErrors.hasWordsFor(constraint);
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
        SQLException sql = SqlErrors.firstIn(e);
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

    /** A database failure in words ({@link SqlErrors#inWords}). */
    static String database(SQLException e) {
        return SqlErrors.inWords(e);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
