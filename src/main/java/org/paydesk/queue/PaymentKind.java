package org.paydesk.queue;

import java.util.Locale;

/** What a queued payment does to a participant's committed balance. */
public enum PaymentKind {
    /** Money received offline (a cheque, a wire): in through the clearing account. */
    PAYMENT_IN,
    /** A staff credit. */
    CREDIT,
    /** A staff debit; never more than the balance. */
    DEBIT,
    /** The card issuer took money back; clamped to the balance, the rest is an uncollectable loss. */
    CHARGEBACK;

    /** Whether it adds to what participants hold together. */
    public boolean bringsMoneyIn() {
        return this == PAYMENT_IN || this == CREDIT;
    }

    /** In words, for messages: "payment in", "credit". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
