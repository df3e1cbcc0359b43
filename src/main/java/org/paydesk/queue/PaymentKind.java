package org.paydesk.queue;

/** What a queued payment does to a participant's committed balance. */
public enum PaymentKind {
    /** Money received offline (a cheque, a wire): in through the clearing account. */
    PAYMENT_IN,
    /** A staff credit. */
    CREDIT,
    /** A staff debit; never more than the balance. */
    DEBIT,
    /** The card issuer took money back; clamped to the balance, the rest is an uncollectable loss. */
    CHARGEBACK
}
