package org.paydesk.ui.payday.console;

import java.util.Optional;
import org.paydesk.payday.PaydayMonitor;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.Paydays;
import org.paydesk.processor.ProcessorLock;

/**
 * What the payday console reads, once a second, from the database: wherever a run was launched,
 * this is where the console learns of it. Blocking calls, made off the FX thread.
 */
public interface PaydayConsoleSource {

    /** The open payday as its run last persisted it. */
    Optional<PaydayMonitor.OpenRun> openRun();

    /** A payday's errors after the one with id {@code afterId}, oldest first. */
    Paydays.ErrorPage errorsAfter(long paydayId, long afterId, int limit);

    /** Who holds the processor (a payday, the payment queue), if anyone. */
    Optional<ProcessorLock.HolderInfo> processorHolder();

    /** What the next payday would do now; writes nothing (may take seconds on a large platform). */
    PaydayPreview.Figures preview();

    /** The latest payday (closed when no run is open), with its statistics. */
    Optional<Paydays.Summary> latest();
}
