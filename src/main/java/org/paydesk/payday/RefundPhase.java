package org.paydesk.payday;

import java.time.Instant;
import org.paydesk.db.Transactions;

/**
 * The payday's refunds step (DESIGN §6.2): executes the refunds approved before the cut-off,
 * through the serial processor the payday already holds (writing through its fence), and returns
 * how many it executed.
 * The refund workflow itself lives in org.paydesk.refunds, which supplies the implementation.
 */
@FunctionalInterface
public interface RefundPhase {

    /** Used until the refund workflow is wired in: there is nothing approved to execute. */
    RefundPhase NOTHING_APPROVED = (fenced, paydayId, cutOff) -> 0;

    int executeApprovedBefore(Transactions fenced, long paydayId, Instant cutOff);
}
