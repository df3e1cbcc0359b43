package org.paydesk.payday;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.paydesk.db.Transactions;
import org.paydesk.ledger.Ledger;
import org.paydesk.money.FeeSchedule;

/**
 * What the phases of one run of a payday work with, made once by the runner: the processor's
 * fenced transactions, the payday (its id and cut-off), the fees in force, the ledger and the
 * gateway exchanges, and the run's bookkeeping (counters, error list, progress, crash hooks for
 * tests, cancellation, batch size).
 */
record PhaseContext(Transactions tx, long paydayId, Instant tsStart, FeeSchedule fees, Ledger ledger,
                    Exchanges exchanges, PaydayCounters counters, ErrorLog errors, ProgressReporter progress,
                    PaydayHooks hooks, BooleanSupplier cancelled, int batchSize) {
}
