package org.paydesk.db;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.hibernate.JDBCException;
import org.hibernate.Session;
import org.hibernate.StaleObjectStateException;
import org.hibernate.Transaction;

/**
 * How staff edit a row: load its entity, check that it is still the version the staff member saw,
 * change it, and let Hibernate write it with its {@code @Version} check, all in one transaction.
 * A row changed meanwhile (seen at load, or by Hibernate's {@code OptimisticLockException} at the
 * write) becomes {@link ConcurrentEditException}, whose message asks to reload; a refusal by the
 * database (a constraint, a trigger) becomes {@link DataAccessException}, as on the JDBC paths.
 * The set-based work (ledger postings, the queue processor, the payday) stays plain SQL.
 */
public final class Edits {

    /** The change itself; may record audit rows through {@link Session#doWork}. */
    @FunctionalInterface
    public interface Change<E, R> {
        R apply(Session session, E entity) throws SQLException;
    }

    private final Database database;

    public Edits(Database database) {
        this.database = database;
    }

    /**
     * Edits the {@code type} row {@code id}, which the caller saw at {@code seenVersion}; {@code what}
     * names it in messages ("Refund #12"). Throws {@link IllegalArgumentException} if it does not exist.
     */
    public <E extends Versioned, R> R edit(Class<E> type, Object id, long seenVersion, String what, Change<E, R> change) {
        return inSession(what, session -> {
            E entity = session.get(type, id);
            if (entity == null) {
                throw new IllegalArgumentException("there is no " + what.substring(0, 1).toLowerCase() + what.substring(1));
            }
            if (entity.getVersion() != seenVersion) {
                throw new ConcurrentEditException(what);
            }
            return change.apply(session, entity);
        });
    }

    /** Work over several entities in one session and transaction, flushed and committed at the end. */
    @FunctionalInterface
    public interface SessionWork<R> {
        R run(Session session) throws SQLException;
    }

    /** Runs {@code work} in one transaction, with the translations above; {@code what} names the rows it edits. */
    public <R> R inSession(String what, SessionWork<R> work) {
        try (Session session = database.sessionFactory().openSession()) {
            Transaction tx = session.beginTransaction();
            try {
                R result = work.run(session);
                session.flush();
                tx.commit();
                return result;
            } catch (OptimisticLockException | StaleObjectStateException e) {
                rollback(tx);
                throw new ConcurrentEditException(what);
            } catch (JDBCException e) {
                rollback(tx);
                throw new DataAccessException(e.getSQLException());
            } catch (PersistenceException e) {
                rollback(tx);
                SQLException cause = SqlErrors.firstIn(e);
                if (cause != null) {
                    throw new DataAccessException(cause);
                }
                throw e;
            } catch (SQLException e) {
                rollback(tx);
                throw new DataAccessException(e);
            } catch (RuntimeException | Error e) {
                rollback(tx);
                throw e;
            }
        }
    }

    private static void rollback(Transaction tx) {
        if (tx.isActive()) {
            tx.rollback();
        }
    }
}
