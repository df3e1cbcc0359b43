package org.paydesk.processor;

/** The processor is held elsewhere; the message says where, by whom and since when. */
public class ProcessorBusyException extends RuntimeException {

    private final ProcessorLock.HolderInfo holder;

    public ProcessorBusyException(ProcessorLock.HolderInfo holder) {
        super(holder.describe());
        this.holder = holder;
    }

    public ProcessorLock.HolderInfo holder() {
        return holder;
    }
}
