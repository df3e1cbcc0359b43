package org.paydesk.queue;

/**
 * An item identical to one the same caller queued moments ago, refused as a probable retry; the
 * message names the earlier item and how to queue a second payment on purpose.
 */
public class ProbableDuplicateException extends IllegalStateException {

    private final long existingId;

    public ProbableDuplicateException(long existingId, String message) {
        super(message);
        this.existingId = existingId;
    }

    public long existingId() {
        return existingId;
    }
}
