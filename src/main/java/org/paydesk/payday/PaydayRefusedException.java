package org.paydesk.payday;

/** A payday may not start now; the message says why and what to do. */
public class PaydayRefusedException extends RuntimeException {

    public PaydayRefusedException(String message) {
        super(message);
    }
}
