package org.paydesk.payday;

/**
 * Receives a running payday's progress. Called on the payday's own thread: a GUI must hand the
 * values over to its own thread (and coalesce them) rather than do work here.
 */
public interface PaydayListener {

    PaydayListener NONE = new PaydayListener() { };

    /** A phase starts; {@code total} items are to be done in it (0 when not counted). */
    default void phaseStarted(long paydayId, Phase phase, long total) {
    }

    /** Progress within the phase, with the run's live counters. */
    default void progress(PaydayProgress progress) {
    }

    /** One participant's failure; the run carries on. */
    default void error(PaydayError error) {
    }

    /** The payday closed with these statistics. */
    default void finished(PaydayStats stats) {
    }
}
