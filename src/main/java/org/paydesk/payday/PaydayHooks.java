package org.paydesk.payday;

/**
 * Named points in a payday where a test can stop the run as a crash would (by throwing an
 * {@link Error}). Production runs use {@link #NONE}.
 */
@FunctionalInterface
public interface PaydayHooks {

    PaydayHooks NONE = (phase, point) -> { };

    void reached(Phase phase, String point);
}
