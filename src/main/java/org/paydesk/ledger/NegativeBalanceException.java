package org.paydesk.ledger;

/** A journal entry would have taken a participant's committed balance below zero; nothing was written. */
public class NegativeBalanceException extends RuntimeException {

    public NegativeBalanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
