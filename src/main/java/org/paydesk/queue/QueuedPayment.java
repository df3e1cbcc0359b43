package org.paydesk.queue;

import java.math.BigDecimal;
import java.time.Instant;

/** One queued payment as lists show it; the queue is the log of every manual balance change. */
public record QueuedPayment(long id, PaymentKind kind, String participant, BigDecimal amount, String reason,
                            String externalRef, Status status, String error, String queuedBy, Instant queuedAt,
                            Instant processedAt, int attempts, long version) {

    public enum Status { QUEUED, DONE, FAILED, CANCELLED }
}
