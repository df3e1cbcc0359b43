package org.paydesk.ui.shell;

import java.util.Optional;
import org.paydesk.processor.ProcessorLock.HolderInfo;

/**
 * What the status bar shows about the database, read in one background round trip every few seconds.
 *
 * @param participants approximate number of participants
 * @param processorHolder who holds the processor (a payday, a queue run), empty when it is free
 */
public record DeskStatus(long participants, Optional<HolderInfo> processorHolder) {

    /** Reads the status; in the app from the participant directory and the processor lock, in tests anything. */
    @FunctionalInterface
    public interface Source {
        DeskStatus read();
    }
}
