package org.paydesk.processor;

/**
 * This process held the processor and another took it over (this one was frozen or cut off past
 * the heartbeat's limit): its work stops, and what it had not committed is left to the new holder.
 */
public class ProcessorLostException extends RuntimeException {

    public ProcessorLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
