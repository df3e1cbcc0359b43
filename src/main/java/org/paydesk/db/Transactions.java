package org.paydesk.db;

/**
 * Runs units of JDBC work: {@link Database} itself, or a view of it that adds a guard to every
 * transaction (the processor's fence, {@code ProcessorLock.Held#fenced()}).
 */
public interface Transactions {

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(SqlWork<T> work);

    /** Runs read-only {@code work} on a connection in auto-commit mode. */
    <T> T read(SqlWork<T> work);
}
