package org.paydesk.payday;

/** The run stopped at a staff member's request between batches; the payday stays open and resumes. */
public class PaydayCancelledException extends RuntimeException {

    public PaydayCancelledException(long paydayId, Phase phase) {
        super("Payday " + paydayId + " was cancelled during " + phase.key() + "; it stays open and resumes at the next launch");
    }
}
