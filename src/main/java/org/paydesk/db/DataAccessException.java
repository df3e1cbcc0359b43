package org.paydesk.db;

import java.sql.SQLException;

/** A database statement failed; {@link #sqlState()} tells constraint violations from the rest. */
public class DataAccessException extends RuntimeException {

    public static final String CHECK_VIOLATION = "23514";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    private final String sqlState;

    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }

    /** The name of the violated constraint, when PostgreSQL reported one. */
    public String constraint() {
        if (getCause() instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }

    public boolean isViolationOf(String constraintName) {
        return constraintName.equals(constraint());
    }

    /** The innermost cause's message: what actually went wrong, without the layers around it. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
